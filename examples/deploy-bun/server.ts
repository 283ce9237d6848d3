// Bun: Bun.serve takes the fetch handler as it is. Run with `bun run server.ts`.
import { createFetchHandler } from "@resolute/fetch";
import { ep } from "../deploy-shared/src/endpoint.js";

const server = Bun.serve({
  port: Number(process.env.PORT ?? 9080),
  // A request is silent while a ctx.run step executes: allow longer than Bun's 10 s default.
  idleTimeout: 255,
  fetch: createFetchHandler(ep),
});
console.log(`Resolute endpoint listening on port ${server.port}`);
