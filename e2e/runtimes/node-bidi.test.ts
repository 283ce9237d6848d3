// createFetchHandler(ep, { bidirectional: true }) behind Node's HTTP/2 cleartext server: the
// Restate server streams both ways (BIDI_STREAM, no use_http_11), so a wait keeps the stream
// open instead of suspending, and every scenario still holds.
import { createServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import { Readable } from "node:stream";
import { ep } from "../../examples/deploy-shared/src/endpoint.js";
import { createFetchHandler } from "../../packages/fetch/src/index.js";
import { runtimeScenarios } from "./support/scenarios.js";

const handle = createFetchHandler(ep, { bidirectional: true });

async function bridge(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const response = await handle(
    new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers,
      ...(hasBody
        ? { body: Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>, duplex: "half" }
        : {}),
    } as RequestInit),
  );
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  res.writeHead(response.status, out);
  // Each frame goes out as the core writes it, while the request body is still open.
  if (response.body) for await (const chunk of response.body) res.write(chunk);
  res.end();
}

runtimeScenarios(
  "Node over HTTP/2, bidirectional",
  async () => {
    const server = createServer((req, res) => {
      void bridge(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || address === null) throw new Error("no port");
    return {
      url: `http://127.0.0.1:${address.port}`,
      alive: () => server.listening,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  { bidirectional: true },
);
