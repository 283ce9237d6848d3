// Plain ingress calls for the foundation tests (the typed client has its own tests).
export interface IngressResponse {
  status: number;
  body: unknown;
  text: string;
}

export async function ingress(
  url: string,
  path: string,
  body?: unknown,
  init: { raw?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<IngressResponse> {
  const res = await fetch(`${url}/${path}`, {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/json", ...init.headers },
    ...(init.raw !== undefined
      ? { body: init.raw }
      : body === undefined
        ? {}
        : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, text };
}

export async function ok(url: string, path: string, body?: unknown): Promise<unknown> {
  const r = await ingress(url, path, body);
  if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.text}`);
  return r.body;
}

/** Starts an invocation without waiting for it; returns its invocation id. */
export async function send(url: string, path: string, body?: unknown, query = ""): Promise<string> {
  const r = await ingress(url, `${path}/send${query}`, body);
  if (r.status !== 202 && r.status !== 200)
    throw new Error(`${path}/send answered ${r.status}: ${r.text}`);
  return (r.body as { invocationId: string }).invocationId;
}

/** Waits for an invocation's result through the ingress. */
export async function attach(url: string, invocationId: string): Promise<IngressResponse> {
  const res = await fetch(`${url}/restate/invocation/${invocationId}/attach`);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body, text };
}
