// Registers the dev endpoint with the admin API. The server answers a registration of a URL it
// already knows with the deployment it has, without looking at the endpoint again; so when the
// code's manifest changed (handlers added, removed, schemas changed) the registration is forced,
// which re-discovers the endpoint and updates the deployment in place at the same URL. Otherwise
// it is a plain one, which leaves the deployment and the invocations pinned to it untouched.
import type { RegisteredService } from "./curl-lines.js";
import { handlerNames, type Manifest } from "./discover.js";

const UNAVAILABLE_ATTEMPTS = 10;

export interface Registration {
  deploymentId: string;
  services: RegisteredService[];
  /** Whether the registration was forced, and why. */
  forced: false | "handlers changed" | "manifest changed";
}

/**
 * @param manifest what the endpoint serves now
 * @param previous the manifest registered last time in this session, if any
 */
export async function registerForDev(
  adminUrl: string,
  endpointUrl: string,
  manifest: Manifest,
  previous: Manifest | undefined,
): Promise<Registration> {
  const changed = previous !== undefined && JSON.stringify(previous) !== JSON.stringify(manifest);
  if (!changed) {
    const plain = registration(await post(adminUrl, endpointUrl, false), false);
    // A deployment left at this URL by an earlier session may have other handlers.
    if (handlerNames(plain.services) === handlerNames(manifest.services)) return plain;
  }
  const names =
    previous === undefined || handlerNames(previous.services) !== handlerNames(manifest.services);
  return registration(
    await post(adminUrl, endpointUrl, true),
    names ? "handlers changed" : "manifest changed",
  );
}

function registration(body: unknown, forced: Registration["forced"]): Registration {
  const { id, services } = (body ?? {}) as { id?: string; services?: RegisteredService[] };
  return { deploymentId: id ?? "(unknown)", services: services ?? [], forced };
}

async function post(adminUrl: string, uri: string, force: boolean): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${adminUrl}/deployments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri, force }),
      });
    } catch (error) {
      throw new Error(`Cannot reach the Restate admin API at ${adminUrl}: ${String(error)}`);
    }
    const text = await response.text();
    // 503: the admin service is still warming up.
    if (response.status === 503 && attempt < UNAVAILABLE_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      continue;
    }
    if (!response.ok) throw new Error(`Registering ${uri} failed: ${response.status} ${text}`);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`Registering ${uri}: the admin API answered no JSON: ${text}`);
    }
  }
}
