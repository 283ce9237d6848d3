// `pnpm reviewer`: runs the external reviewer on port 3000, calling back the ingress given as
// INGRESS_URL (default http://127.0.0.1:8080).
import { startReviewer } from "./reviewer.js";

const reviewer = await startReviewer({
  ingressUrl: process.env.INGRESS_URL ?? "http://127.0.0.1:8080",
  port: 3000,
});
console.log(`reviewer listening at ${reviewer.url}`);
