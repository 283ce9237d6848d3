// A floor for the endpoints' memory (bench/memory-probe.js): a forked Node process with the
// benchmark's IPC control channel and a listening socket, but no SDK and no handlers. With
// FLOOR_HOT=1 it also runs a hot loop until V8 optimizes it, so the optimizing compiler's code
// is paged in as it is in any endpoint under load.
import { createServer } from "node:net";
import { attachControl } from "../control.js";

createServer((socket) => socket.destroy()).listen(Number(process.env.PORT), "127.0.0.1");
if (process.env.FLOOR_HOT) {
  const hot = (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + ((i * 31) ^ (s >>> 3))) | 0;
    return s;
  };
  let sink = 0;
  for (let k = 0; k < 2000; k++) sink ^= hot(1000);
  await new Promise((r) => setTimeout(r, 200));
  for (let k = 0; k < 2000; k++) sink ^= hot(1000);
  process.title = `floor ${sink & 1}`;
}
attachControl({ sdk: "floor" });
