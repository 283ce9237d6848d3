// Snippets of docs/guides/serving.md; `ep` is any bound endpoint.
import { type Context, type EndpointBuilder, endpoint, service } from "@resolute/core";
import fastify from "fastify";

declare const ep: EndpointBuilder;

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx: Context, name: string) => `Hello, ${name}!` },
});

// #region standalone
import { serve } from "@resolute/fastify";

const server = await serve(ep, { port: 9080 }); // HTTP/2 cleartext, bidirectional streaming
await server.close(); // graceful, see below

// #endregion standalone

export async function servedParts() {
  // #region served
  const served = await serve(ep, { port: 0 }); // port 0: any free port
  served.port; // the port bound
  served.server; // the listening node:net Server
  served.app.get("/hello", async () => "hi"); // needs fastify installed
  await served.app.inject({ url: "/hello" }); // the app's routes answer through inject() only
  await served.close();
  // #endregion served
}

// #region plugin
import { resolute } from "@resolute/fastify";

const app = fastify({ http2: true });
app.get("/hello", async () => "hi");
await app.register(resolute, { endpoint: ep, prefix: "/restate" });
// register the deployment as http://host:port/restate
// #endregion plugin

// #region identity
endpoint().bind(greeter).withIdentityV1("publickeyv1_…");
// #endregion identity
