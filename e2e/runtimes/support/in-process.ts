// Serves a node:http request listener on a free local port, in the test's own process.
import type { RequestListener } from "node:http";
import { createServer, type Server } from "node:http";
import type { Endpoint } from "./scenarios.js";

export async function listen(server: Server, path = ""): Promise<Endpoint> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}${path}`,
    alive: () => server.listening,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function serveListener(listener: RequestListener, path = ""): Promise<Endpoint> {
  return listen(createServer(listener), path);
}
