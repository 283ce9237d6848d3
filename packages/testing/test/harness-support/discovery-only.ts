// Endpoints that only answer GET /discover: enough for the server to register them, without
// depending on the SDK. One as a plain node server (for endpointUrl), one behind the core's
// transport seam (for the endpoint option, served by @resolute/fastify).
import {
  createServer as createHttp1Server,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttp2Server } from "node:http2";
import type { Socket } from "node:net";
import type { ProtocolMode, ServableEndpoint } from "@resolute/core/adapter";

const handler = (name: string) => ({
  name,
  input: { required: false, contentType: "application/json" },
  output: { setContentTypeIfEmpty: false, contentType: "application/json" },
});

export function manifest(protocolMode: ProtocolMode): string {
  return JSON.stringify({
    protocolMode,
    minProtocolVersion: 5,
    maxProtocolVersion: 6,
    services: [
      { name: "Greeter", ty: "SERVICE", handlers: [handler("greet")] },
      { name: "Counter", ty: "VIRTUAL_OBJECT", handlers: [{ ...handler("add"), ty: "EXCLUSIVE" }] },
    ],
  });
}

export const MANIFEST_CONTENT_TYPE = "application/vnd.restate.endpointmanifest.v3+json";

export interface DiscoveryServer {
  url: string;
  port: number;
  discoveries: number;
  close(): Promise<void>;
}

/** A node http2 (h2c) or http1 server answering /discover, on a free port. */
export async function startDiscoveryServer(http1 = false): Promise<DiscoveryServer> {
  const body = manifest(http1 ? "REQUEST_RESPONSE" : "BIDI_STREAM");
  const sockets = new Set<Socket>();
  const state = { discoveries: 0 };
  const onRequest = (req: IncomingMessage | { url?: string }, res: ServerResponse | any) => {
    if (req.url === "/discover") {
      state.discoveries++;
      res.writeHead(200, { "content-type": MANIFEST_CONTENT_TYPE });
      res.end(body);
    } else {
      res.writeHead(404);
      res.end();
    }
  };
  const server = http1 ? createHttp1Server(onRequest) : createHttp2Server(onRequest);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get discoveries() {
      return state.discoveries;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A ServableEndpoint that only knows /discover, to exercise serve() without the SDK. */
export function discoveryOnlyEndpoint(): ServableEndpoint {
  return {
    handler(options) {
      const protocolMode = options?.protocolMode ?? "BIDI_STREAM";
      const text = new TextEncoder().encode(manifest(protocolMode));
      return {
        protocolMode,
        handle(head, response) {
          if (head.method === "GET" && head.path.endsWith("/discover")) {
            response.head(200, { "content-type": MANIFEST_CONTENT_TYPE });
            response.write(text);
          } else {
            response.head(404, {});
          }
          response.end();
          return { push() {}, end() {}, abort() {} };
        },
      };
    },
  };
}
