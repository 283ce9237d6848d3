// `pnpm start`: the app on port 9080, calling the ingress at INGRESS_URL (default :8080).
import { buildApp } from "./app.js";

const app = await buildApp({ ingressUrl: process.env.INGRESS_URL ?? "http://127.0.0.1:8080" });
await app.listen({ port: Number(process.env.PORT ?? 9080), host: "127.0.0.1" });
console.log("app on http://127.0.0.1:9080 (Restate endpoint at /restate)");
