// The few admin API calls the harness needs: register a deployment and run SQL queries.

const REGISTER_ATTEMPTS = 5;

/** A service as the admin API describes it after registration. */
export interface RegisteredService {
  name: string;
  /** "Service", "VirtualObject" or "Workflow". */
  ty: string;
}

/** Registers the endpoint and returns the services the server found in it. */
export async function registerDeployment(
  adminUrl: string,
  endpointUrl: string,
  http1: boolean,
): Promise<RegisteredService[]> {
  const body = JSON.stringify({
    uri: endpointUrl,
    force: true,
    ...(http1 ? { use_http_11: true } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    try {
      response = await fetch(`${adminUrl}/deployments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    } catch (error) {
      if (attempt >= REGISTER_ATTEMPTS) {
        throw new Error(`Cannot reach the Restate admin API at ${adminUrl}: ${String(error)}`);
      }
    }
    if (response?.ok) {
      const body = (await response.json().catch(() => ({}))) as { services?: RegisteredService[] };
      return (body.services ?? []).map(({ name, ty }) => ({ name, ty }));
    }
    // 503: the admin service is still warming up right after a (re)start.
    if (response && (response.status !== 503 || attempt >= REGISTER_ATTEMPTS)) {
      const text = await response.text();
      throw new Error(
        `Registering the endpoint ${endpointUrl} failed: ${response.status} ${text}. ` +
          "Is the endpoint running and answering GET /discover" +
          (http1
            ? " over HTTP/1.1?"
            : " over HTTP/2 (h2c)? Use http1: true for an HTTP/1.1 endpoint."),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

/** Runs a SQL query against the admin API and returns the rows as plain objects. */
export async function query(adminUrl: string, sql: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${adminUrl}/query`, {
    method: "POST",
    // The server answers JSON only for exactly this accept value (Arrow IPC otherwise).
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: sql }),
  });
  if (!response.ok) {
    throw new Error(`Admin query failed: ${response.status} ${await response.text()}\n${sql}`);
  }
  const result = (await response.json()) as { rows?: Record<string, unknown>[] };
  return result.rows ?? [];
}

/** Quotes a value as an SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
