// Tells HTTP/2 with prior knowledge from HTTP/1.1 by a connection's first bytes: an HTTP/2
// client opens with a fixed 24-byte preface (RFC 9113, section 3.4), which no HTTP/1.1 request
// line can start with past its first bytes ("PRI" is not a method anyone sends).
import type { Socket } from "node:net";
import { CLIENT_PREFACE as PREFACE } from "./h2c/frame.js";

/**
 * How long a new connection may take to show its protocol. A client sends its first bytes as
 * soon as it connects; a socket that stays silent only holds a descriptor. The one timer per
 * connection ends with the sniff: an HTTP/2 connection may then idle for as long as its peer
 * likes (the Restate server keeps them open between invocations), and HTTP/1.1 has node:http's
 * own timeouts.
 */
export const SNIFF_TIMEOUT_MS = 30_000;

/**
 * Reads from `socket` until its bytes either are the whole preface or diverge from it, then
 * pauses the socket and calls `decide` with everything read so far (to be put back). A socket
 * that errors, closes or has not shown its protocol within `timeoutMs` is destroyed and
 * `decide` is never called.
 */
export function sniffPreface(
  socket: Socket,
  decide: (http2: boolean, head: Buffer) => void,
  timeoutMs = SNIFF_TIMEOUT_MS,
): void {
  let head: Buffer | undefined;
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  const onData = (chunk: Buffer) => {
    head = head === undefined ? chunk : Buffer.concat([head, chunk]);
    const n = Math.min(head.length, PREFACE.length);
    const matches = head.compare(PREFACE, 0, n, 0, n) === 0;
    if (matches && n < PREFACE.length) return; // a prefix of it so far: wait for more
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("error", onError);
    socket.pause();
    decide(matches, head);
  };
  const onError = () => socket.destroy();
  socket.on("data", onData);
  socket.on("error", onError);
  socket.once("close", () => clearTimeout(timer));
}
