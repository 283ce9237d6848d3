// The slice of node's HTTP objects the adapter touches. Fastify hands us either http/1.1 or
// http2-compat objects; both fit these shapes, so the bridge is written once for both.
import type { RequestHead } from "@resolute/core/adapter";

/** What we use of node's `IncomingMessage` and `Http2ServerRequest` alike. */
export interface RawRequest {
  readonly headers: RequestHead["headers"];
  readonly aborted: boolean;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
  resume(): unknown;
}

/** What we use of node's `ServerResponse` and `Http2ServerResponse` alike. */
export interface RawResponse {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): unknown;
  end(chunk?: string): unknown;
  destroy(): unknown;
  on(event: "close", listener: () => void): unknown;
  /** Only on HTTP/2. */
  readonly stream?: { close(code: number): unknown };
}

/** HTTP/2's INTERNAL_ERROR code (RFC 9113 §7); a literal so serve() never loads node:http2. */
const INTERNAL_ERROR = 0x2;

/** Cuts a response that cannot be completed, so the peer sees an error rather than an end. */
export function reset(res: RawResponse): void {
  if (res.stream) res.stream.close(INTERNAL_ERROR);
  else res.destroy(); // HTTP/1.1 has no stream-level reset: drop the connection
}
