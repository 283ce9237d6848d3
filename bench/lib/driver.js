// The driver process: plays the Restate server over ONE HTTP/2 cleartext connection.
// Forked by run.js; receives { cmd: "run", port, mode, warmup, n, concurrency } and reports
// { phase: "warm" } after the warm-up, waits for { cmd: "go" }, then reports the measured phase.
//   mode "rr":   the request body (Start + Input) is sent and closed at once.
//   mode "bidi": the body stays open until the End frame has been read, as the server's
//                BIDI_STREAM mode does, then the request side is closed.
import { connect, constants } from "node:http2";
import { INVOCATION_CONTENT_TYPE, invocationBody, scanFrames } from "./common.js";

const BODY = invocationBody();
const HEADERS = {
  [constants.HTTP2_HEADER_METHOD]: "POST",
  [constants.HTTP2_HEADER_PATH]: "/invoke/Greeter/greet",
  "content-type": INVOCATION_CONTENT_TYPE,
  accept: INVOCATION_CONTENT_TYPE,
  "x-restate-invocation-id": "inv_12KQD9Dryl2r5kuXBMR7ZjwOMC1Z6AUhiy",
};
const END_TYPE = 0x0003;

function invokeOnce(session, mode) {
  return new Promise((resolve, reject) => {
    const req = session.request(HEADERS, { endStream: false });
    const chunks = [];
    let status = 0;
    let bodyOpen = true;
    let scanned = 0;
    let size = 0;
    req.on("response", (h) => {
      status = Number(h[":status"]);
    });
    req.on("data", (c) => {
      chunks.push(c);
      size += c.length;
      if (mode === "bidi" && bodyOpen) {
        // Look for the End frame; close our side once it is there.
        const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        while (scanned + 8 <= buf.length) {
          const type = buf.readUInt16BE(scanned);
          const len = buf.readUInt32BE(scanned + 4);
          if (scanned + 8 + len > buf.length) break;
          scanned += 8 + len;
          if (type === END_TYPE) {
            bodyOpen = false;
            req.end();
            break;
          }
        }
      }
    });
    req.on("end", () => {
      if (bodyOpen) {
        bodyOpen = false;
        if (!req.writableEnded) req.end();
      }
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      resolve({ status, body });
    });
    req.on("error", reject);
    if (mode === "bidi") req.write(BODY);
    else req.end(BODY);
  });
}

async function phase(session, mode, n, concurrency) {
  let next = 0;
  let errors = 0;
  let firstError;
  const latencies = new Float64Array(n);
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      try {
        const r = await invokeOnce(session, mode);
        const f = scanFrames(r.body);
        if (r.status !== 200 || !f.output || !f.end || f.error) {
          errors++;
          firstError ??= `status ${r.status}, frames ${JSON.stringify(f)}, body ${r.body.toString("hex").slice(0, 200)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
      latencies[i] = performance.now() - t0;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - t0;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return {
    wallMs,
    errors,
    firstError,
    p50Ms: sorted[Math.floor(n * 0.5)],
    p99Ms: sorted[Math.min(n - 1, Math.floor(n * 0.99))],
  };
}

process.on("message", async (msg) => {
  if (msg?.cmd !== "run") return;
  const { port, mode, warmup, n, concurrency } = msg;
  const session = connect(`http://127.0.0.1:${port}`);
  session.on("error", (e) => {
    process.send({ phase: "error", error: String(e) });
  });
  await new Promise((r, j) => {
    session.once("connect", r);
    session.once("error", j);
  });
  // Sanity check: one invocation, and the output must say Hello Alice.
  const probe = await invokeOnce(session, mode);
  if (!probe.body.includes(Buffer.from("Hello Alice"))) {
    process.send({
      phase: "error",
      error: `unexpected response: status ${probe.status}, body ${probe.body.toString("hex")}`,
    });
    return;
  }
  const warm = await phase(session, mode, warmup, concurrency);
  process.send({ phase: "warm", errors: warm.errors, firstError: warm.firstError });
  await new Promise((r) => {
    const onGo = (m) => {
      if (m?.cmd === "go") {
        process.off("message", onGo);
        r();
      }
    };
    process.on("message", onGo);
  });
  const cpu0 = process.cpuUsage();
  const res = await phase(session, mode, n, concurrency);
  const cpu = process.cpuUsage(cpu0);
  session.close();
  process.send({ phase: "done", ...res, driverCpuUs: cpu.user + cpu.system });
});
process.send({ ready: true });
