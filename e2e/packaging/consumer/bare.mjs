// Run by e2e/packaging.test.ts in the consumer WITHOUT fastify installed: serve() runs, and
// reading served.app throws FastifyNotInstalledError. Prints what it saw as JSON on stdout.
import { createRequire } from "node:module";
import { endpoint, service } from "@resolute/core";
import { FastifyNotInstalledError, serve } from "@resolute/fastify";

let fastifyResolvable = true;
try {
  createRequire(import.meta.url).resolve("fastify");
} catch {
  fastifyResolvable = false;
}

const hello = service({ name: "Hello", handlers: { hi: async (_ctx, name) => `hi ${name}` } });
const served = await serve(endpoint().bind(hello), { port: 0 });
const health = await fetch(`http://127.0.0.1:${served.port}/health`, {
  signal: AbortSignal.timeout(10_000),
});
let appError;
try {
  void served.app;
} catch (err) {
  appError = err;
}
await served.close();
console.log(
  JSON.stringify({
    fastifyResolvable,
    healthStatus: health.status,
    appErrorIsFastifyNotInstalled: appError instanceof FastifyNotInstalledError,
    appErrorCode: appError?.code,
  }),
);
