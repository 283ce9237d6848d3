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
    body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
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
