// The Resolute core behind the lean h2c connection (packages/fastify/src/h2c): a plain
// net.Server whose sockets are served by serveH2cConnection, with no node:http2 at all. The
// counterpart of h2c-seam.js (the same core behind bare node:http2), for A/B runs. Needs the
// fastify package built (npx tsc -b packages/fastify).
import { createServer } from "node:net";
import { serveH2cConnection } from "../../packages/fastify/dist/h2c/index.js";

export function serveH2cLean(servable, { port, host = "127.0.0.1" }) {
  const handler = servable.handler();
  const connections = new Set();
  const server = createServer((socket) => {
    const c = serveH2cConnection(socket, handler, { onError: (e) => console.error(e) });
    connections.add(c);
    c.closed.then(() => connections.delete(c));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({
        server,
        close: () =>
          new Promise((r) => {
            for (const c of connections) c.shutdown();
            server.close(r);
          }),
      }),
    );
  });
}
