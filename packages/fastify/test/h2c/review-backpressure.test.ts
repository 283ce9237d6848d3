// A peer that floods PINGs (or anything else we must answer) but never reads: our answers
// pile up in the socket only until PAUSE_READING_AT, then we stop reading its frames, so the
// memory it can make us hold is bounded (and resumes once it reads again).
import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, expect, it } from "vitest";
import {
  EMPTY_SETTINGS,
  type H2cServer,
  PING,
  PREFACE,
  rawFrame,
  scriptedHandler,
  startH2c,
} from "./support.js";

let server: H2cServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MiB = 1024 * 1024;

it("a PING flood from a peer that does not read leaves a bounded queue in our socket (4 MiB and one turn of reads)", async () => {
  server = await startH2c(scriptedHandler());
  const socket = connect(server.port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  socket.pause(); // never read
  const ping = rawFrame(PING, 0, 0, new Uint8Array(8));
  const mib = Buffer.concat(Array.from({ length: Math.floor(MiB / ping.length) }, () => ping));
  socket.write(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
  for (let i = 0; i < 48; i++) socket.write(mib); // ~48 MiB of PINGs: as many bytes of ACKs
  while (server.connections.length === 0) await new Promise((r) => setTimeout(r, 10));
  const ours = (server.connections[0] as unknown as { socket: import("node:net").Socket }).socket;
  while (!ours.isPaused()) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 200)); // would anything more pile up?
  // The check runs once per flush (an event-loop turn), so the turn's reads past the 4 MiB
  // mark are answered too: libuv reads at most a few MiB per turn.
  expect(ours.writableLength).toBeLessThan(6 * MiB);
  // Reading again drains our queue, and we read the rest of its PINGs.
  let received = 0;
  socket.on("data", (c: Buffer) => {
    received += c.length;
  });
  socket.resume();
  while (received < 8 * MiB) await new Promise((r) => setTimeout(r, 10));
  socket.destroy();
}, 10_000);
