// Starting and talking to one benchmark endpoint process (./endpoint.js) over Node IPC.
import { fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const POLYFILL = join(HERE, "..", "polyfill-with-resolvers.js");

/**
 * The subjects that are not an SDK: "floor" is Resolute's process and HTTP/2 answering
 * `Steps/run` with no SDK engine (./endpoint-step-floor.js). Its discovery is Resolute's, so it
 * is served by Resolute's registered server.
 */
const SCRIPTS = { floor: "endpoint-step-floor.js" };
export const registeredAs = (subject) => (subject === "floor" ? "resolute" : subject);

/**
 * Forks the endpoint for `sdk` ("resolute", "official" or "floor") on `port` and waits until it
 * serves. The official SDK gets the Promise.withResolvers polyfill on Node 20 (see
 * bench/README.md) and logs at WARN.
 */
export async function startEndpoint(sdk, port, { nodeArgs = [], script } = {}) {
  const execArgv = [...(sdk === "official" ? ["--import", POLYFILL] : []), ...nodeArgs];
  const child = fork(script ?? join(HERE, SCRIPTS[sdk] ?? "endpoint.js"), [], {
    execArgv,
    env: { ...process.env, PORT: String(port), BENCH_SDK: sdk, RESTATE_LOGGING: "WARN" },
    stdio: ["ignore", process.env.EP_STDOUT ? "inherit" : "ignore", "inherit", "ipc"],
  });
  await new Promise((resolve, reject) => {
    const onExit = (code, sig) => reject(new Error(`${sdk} endpoint exited (${code ?? sig})`));
    child.once("exit", onExit);
    child.on("message", (m) => {
      if (m?.ready) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
  let id = 0;
  const waiting = new Map();
  child.on("message", (m) => {
    if (m && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    }
  });
  const send = (cmd, extra = {}) =>
    new Promise((resolve) => {
      const my = ++id;
      waiting.set(my, resolve);
      child.send({ cmd, id: my, ...extra });
    });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.send({ cmd: "exit" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  };
  return { child, send, stop };
}
