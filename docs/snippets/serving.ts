// Snippets of docs/sdk/serving.md.
import { type Context, endpoint, service } from "@resolute/core";
import { resolute, serve } from "@resolute/fastify";
import fastify from "fastify";

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx: Context, name: string) => `Hello, ${name}!` },
});

export async function standalone() {
  // #region serve
  const ep = endpoint().bind(greeter);
  const server = await serve(ep, { port: 9080 }); // HTTP/2 cleartext, bidirectional streaming
  // ... later, on shutdown:
  await server.close();
  // #endregion serve
}

export async function http1() {
  // #region http1
  // HTTP/1.1 request/response, e.g. behind a proxy without HTTP/2: register with use_http_11.
  await serve(endpoint().bind(greeter), { port: 9080, http1: true });
  // #endregion http1
}

export async function inApp() {
  // #region plugin
  const app = fastify();
  app.get("/health", async () => ({ ok: true }));
  await app.register(resolute, { endpoint: endpoint().bind(greeter), prefix: "/restate" });
  await app.listen({ port: 9080 }); // HTTP/1.1: register http://<host>:9080/restate, use_http_11
  // #endregion plugin
}

// #region identity
// Accept only requests signed by your Restate server (Restate Cloud or a configured key).
export const signed = endpoint()
  .bind(greeter)
  .withIdentityV1("publickeyv1_2G8dCQhArfvGpzPw5Vx2ALciR4xCLHfS5YaT93XjNxX9");
// #endregion identity
