// The smallest possible HTTP/2 cleartext adapter for a Resolute endpoint, written against the
// transport seam in packages/core/src/endpoint/transport.ts (RequestHead / ResponseSink /
// BodySink). Used when @resolute/fastify is not built, and as the "bare core" reference point.
import { createServer } from "node:http2";

export function serveH2c(servable, { port, host = "127.0.0.1" }) {
  const handler = servable.handler();
  const server = createServer();
  server.on("stream", (stream, headers) => {
    const raw = headers[":path"] ?? "/";
    const q = raw.indexOf("?");
    const head = {
      method: headers[":method"] ?? "GET",
      path: q >= 0 ? raw.slice(0, q) : raw,
      headers,
    };
    const body = handler.handle(head, {
      head(status, h) {
        if (!stream.destroyed) stream.respond({ ":status": status, ...h });
      },
      write(chunk) {
        if (!stream.destroyed) stream.write(chunk);
      },
      end() {
        if (!stream.destroyed) stream.end();
      },
    });
    let ended = false;
    stream.on("data", (chunk) => body.push(chunk));
    stream.on("end", () => {
      ended = true;
      body.end();
    });
    stream.on("close", () => {
      if (!ended) body.abort(new Error("stream closed"));
    });
    stream.on("error", () => {});
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({ server, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}
