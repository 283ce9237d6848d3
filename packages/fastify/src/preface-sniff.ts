// Tells HTTP/2 with prior knowledge from HTTP/1.1 by a connection's first bytes: an HTTP/2
// client opens with a fixed 24-byte preface (RFC 9113, section 3.4), which no HTTP/1.1 request
// line can start with past its first bytes ("PRI" is not a method anyone sends).
import type { Socket } from "node:net";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/**
 * Reads from `socket` until its bytes either are the whole preface or diverge from it, then
 * pauses the socket and calls `decide` with everything read so far (to be put back). A socket
 * that errors or closes before that is destroyed and `decide` is never called.
 */
export function sniffPreface(socket: Socket, decide: (http2: boolean, head: Buffer) => void): void {
  let head: Buffer | undefined;
  const onData = (chunk: Buffer) => {
    head = head === undefined ? chunk : Buffer.concat([head, chunk]);
    const n = Math.min(head.length, PREFACE.length);
    const matches = head.compare(PREFACE, 0, n, 0, n) === 0;
    if (matches && n < PREFACE.length) return; // a prefix of it so far: wait for more
    socket.off("data", onData);
    socket.off("error", onError);
    socket.pause();
    decide(matches, head);
  };
  const onError = () => socket.destroy();
  socket.on("data", onData);
  socket.on("error", onError);
}
