// Type-checked only in the consumer that has fastify installed (e2e/packaging.test.ts): there,
// served.app and the resolute plugin carry Fastify's own types, not `any`. Each expected error
// below would itself be an error (an unused directive) if they had degraded to `any`.
import { type Context, endpoint, service } from "@resolute/core";
import { resolute, serve } from "@resolute/fastify";
import fastify from "fastify";

const hello = service({
  name: "Hello",
  handlers: { hi: async (_ctx: Context, name: string) => `hi ${name}` },
});

export async function withFastify(): Promise<number> {
  const served = await serve(endpoint().bind(hello), { port: 0, logger: { level: "warn" } });
  served.app.get("/x", async (request) => request.url.length);
  // @ts-expect-error Fastify instances have no `gett`
  served.app.gett("/x", async () => 1);
  // @ts-expect-error a route handler's request has no `nope`
  served.app.get("/y", async (request) => request.nope);
  // @ts-expect-error the logger option is Fastify's: a level is a string
  await serve(endpoint().bind(hello), { logger: { level: 5 } });

  const app = fastify();
  await app.register(resolute, { endpoint: endpoint().bind(hello), prefix: "/restate" });
  // @ts-expect-error the plugin needs an endpoint
  await app.register(resolute, { prefix: "/restate" });
  // @ts-expect-error protocolMode is BIDI_STREAM or REQUEST_RESPONSE
  await app.register(resolute, { endpoint: endpoint().bind(hello), protocolMode: "HTTP3" });

  await app.close();
  await served.close();
  return served.port;
}
