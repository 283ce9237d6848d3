// Waits until a node's ingress knows the registered services. In a cluster the schema reaches
// the other nodes through the metadata store a moment after registration; until then their
// ingress answers "service 'X' not found".
import type { RegisteredService } from "./admin-api.js";

const POLL_MS = 100;
const PROBE_HANDLER = "__resolute_route_probe";
const UNKNOWN_SERVICE = /service '[^']*' not found/i;

export async function waitUntilRouted(
  ingressUrl: string,
  services: RegisteredService[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of services) {
    for (;;) {
      if (await knows(ingressUrl, service)) break;
      if (Date.now() > deadline) {
        throw new Error(
          `The ingress at ${ingressUrl} still does not route to service '${service.name}' ` +
            `${timeoutMs / 1000} s after registration. Check the server logs (env.logs()).`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/**
 * Calls a handler that does not exist on the service: an ingress that knows the service rejects
 * the handler (no invocation is created); one that does not yet answers "service not found".
 */
async function knows(ingressUrl: string, service: RegisteredService): Promise<boolean> {
  const keyed = service.ty !== "Service";
  const path = `/${encodeURIComponent(service.name)}${keyed ? "/probe" : ""}/${PROBE_HANDLER}`;
  try {
    const response = await fetch(`${ingressUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "null",
      signal: AbortSignal.timeout(2_000),
    });
    const text = await response.text();
    return response.status >= 400 && response.status < 500 && !UNKNOWN_SERVICE.test(text);
  } catch {
    return false;
  }
}
