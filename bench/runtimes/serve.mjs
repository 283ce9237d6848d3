// Serves a fetch handler with the runtime's own server (Bun.serve, Deno.serve, node:http) on
// PORT, for cold-start.js. The Node bridge is the minimal one: body in, body out.
export async function serveFetch(handle) {
  const port = Number(globalThis.process?.env?.PORT ?? globalThis.Deno?.env.get("PORT"));
  if (globalThis.Bun) return globalThis.Bun.serve({ port, fetch: handle });
  if (globalThis.Deno) return globalThis.Deno.serve({ port, onListen() {} }, handle);
  const { createServer } = await import("node:http");
  createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const response = await handle(
      new Request(`http://localhost${req.url}`, {
        method: req.method,
        headers: req.headers,
        ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }).listen(port);
}
