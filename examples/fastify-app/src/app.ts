// An existing Fastify application that mounts the Resolute endpoint under /restate, beside its
// own routes. The plugin is encapsulated: its body handling never touches the app's routes.
// The Restate server is registered with the prefixed URL, http://<host>:<port>/restate.
import { connect } from "@resolute/client";
import { resolute } from "@resolute/fastify";
import fastify, { type FastifyInstance } from "fastify";
import visitsEndpoint from "./endpoint.js";
import { visits } from "./visits.js";

export interface AppOptions {
  /** The Restate ingress the app's own routes call. */
  ingressUrl: string;
}

export async function buildApp({ ingressUrl }: AppOptions): Promise<FastifyInstance> {
  const app = fastify();
  const restate = connect({ url: ingressUrl });

  // The application's own routes, with Fastify's usual JSON handling.
  app.get("/health", async () => ({ ok: true }));
  app.get<{ Params: { name: string } }>("/hello/:name", async (request) => {
    const count = await restate.objectClient(visits, request.params.name).record();
    return { greeting: `Hello ${request.params.name}`, visit: count };
  });

  // The Restate endpoint. Plain HTTP/1.1 here, so the server talks request/response to it:
  // register it with `use_http_11`.
  await app.register(resolute, { endpoint: visitsEndpoint, prefix: "/restate" });
  return app;
}
