// Cold start floor: the same runtime server and bridge as the SDK subjects, answering with a
// constant Response and no SDK at all. No SDK can start faster than this in the same runtime.
import { serveFetch } from "./serve.mjs";

const manifest = JSON.stringify({ protocolMode: "REQUEST_RESPONSE", services: [] });
await serveFetch(async (request) => {
  if (request.method === "POST") await request.arrayBuffer();
  return new Response(request.method === "GET" ? manifest : new Uint8Array(8), {
    headers: { "content-type": "application/octet-stream" },
  });
});
