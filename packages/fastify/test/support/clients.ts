// Minimal clients: node:http2 over cleartext with prior knowledge (how the Restate server
// connects) and node:http for HTTP/1.1, reading whole responses for assertions.

import { once } from "node:events";
import { request as http1Request } from "node:http";
import {
  type ClientHttp2Session,
  type ClientHttp2Stream,
  connect,
  type OutgoingHttpHeaders,
} from "node:http2";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function h2connect(port: number): ClientHttp2Session {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on("error", () => {});
  return session;
}

/** Opens a stream; its body is written by the caller. */
export function h2open(
  session: ClientHttp2Session,
  path: string,
  headers: OutgoingHttpHeaders = {},
): ClientHttp2Stream {
  const stream = session.request({ ":method": "POST", ":path": path, ...headers });
  stream.on("error", () => {});
  return stream;
}

/** Reads the rest of a stream's response. */
export async function h2answer(stream: ClientHttp2Stream): Promise<Answer> {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const [headers] = (await once(stream, "response")) as [Answer["headers"]];
  await once(stream, "end");
  return { status: Number(headers[":status"]), headers, body: Buffer.concat(chunks) };
}

/** One whole h2 request on its own session. */
export async function h2fetch(
  port: number,
  path: string,
  init: { method?: string; headers?: OutgoingHttpHeaders; body?: Uint8Array | string } = {},
): Promise<Answer> {
  const session = h2connect(port);
  try {
    const stream = h2open(session, path, { ":method": init.method ?? "GET", ...init.headers });
    const answer = h2answer(stream);
    stream.end(init.body);
    return await answer;
  } finally {
    session.close();
  }
}

/** One whole HTTP/1.1 request. */
export function h1fetch(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http1Request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

export const INVOCATION = { "content-type": "application/vnd.restate.invocation.v5" };
