// Talks to an endpoint directly over HTTP/2 cleartext, the way the Restate server does.
import { connect } from "node:http2";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function h2request(
  baseUrl: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: Uint8Array;
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const session = connect(baseUrl);
    session.on("error", reject);
    const req = session.request({
      ":method": init.method ?? "POST",
      ":path": path,
      ...init.headers,
    });
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: RawResponse["headers"] = {};
    const timer = setTimeout(() => {
      req.close();
      session.close();
      reject(new Error(`no complete response from ${path} within ${init.timeoutMs ?? 5000} ms`));
    }, init.timeoutMs ?? 5000);
    req.on("response", (h) => {
      status = Number(h[":status"]);
      headers = h as RawResponse["headers"];
    });
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, headers, body: Buffer.concat(chunks) });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      session.close();
      reject(e);
    });
    req.end(init.body);
  });
}
