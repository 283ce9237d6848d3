// Closed-loop load through the Restate ingress: `concurrency` workers, each sends its next
// request as soon as its previous answer is complete, until `count` requests are done.
// HTTP/1.1 keep-alive (one socket per worker). Every answer must be 2xx; latencies in ms.
import { Agent, request } from "node:http";

export function post(agent, base, path, value) {
  const body = JSON.stringify(value);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode < 200 || res.statusCode > 299)
            reject(new Error(`${path}: HTTP ${res.statusCode} ${text}`));
          else resolve(text);
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `next(i)` gives request i as `{ path, value }`. Resolves to latencies (ms) and wall time. */
export async function closedLoop({ base, count, concurrency, next }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Array(count);
  let issued = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (issued < count) {
      const i = issued++;
      const { path, value } = next(i);
      const t = performance.now();
      await post(agent, base, path, value);
      latencies[i] = performance.now() - t;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  } finally {
    agent.destroy();
  }
  return { latencies, wallMs: performance.now() - t0 };
}

export function percentile(sorted, p) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
