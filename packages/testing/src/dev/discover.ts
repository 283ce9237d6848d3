// Reads the endpoint's discovery manifest the way the server does (GET /discover over h2c), so
// the session knows which services and handlers the new code has before registering it.
import { connect } from "node:http2";

const ACCEPT = "application/vnd.restate.endpointmanifest.v3+json";
const TIMEOUT_MS = 10_000;

export interface Manifest {
  services: { name: string; handlers: { name: string }[] }[];
}

export function discover(endpointUrl: string): Promise<Manifest> {
  return new Promise((resolve, reject) => {
    const session = connect(endpointUrl);
    const fail = (error: unknown) => {
      session.destroy();
      reject(new Error(`GET ${endpointUrl}/discover failed: ${String(error)}`));
    };
    session.once("error", fail);
    session.setTimeout(TIMEOUT_MS, () => fail("no answer"));
    const request = session.request({ ":method": "GET", ":path": "/discover", accept: ACCEPT });
    const chunks: Buffer[] = [];
    let status = 0;
    request.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("error", fail);
    request.once("end", () => {
      session.close();
      const text = Buffer.concat(chunks).toString("utf8");
      if (status !== 200) return reject(new Error(`GET /discover answered ${status}: ${text}`));
      try {
        resolve(JSON.parse(text) as Manifest);
      } catch (error) {
        reject(new Error(`GET /discover answered no JSON: ${String(error)}`));
      }
    });
    request.end();
  });
}

/** Services and their handler names, in a stable order: what a forced registration is for. */
export function handlerNames(services: Manifest["services"]): string {
  return JSON.stringify(services.map((s) => [s.name, s.handlers.map((h) => h.name).sort()]).sort());
}
