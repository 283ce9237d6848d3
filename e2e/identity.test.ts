// Request identity against a Restate server configured with a signing key: its requests are
// accepted, unsigned ones are refused with 401.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpoint } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h2request } from "./support/h2.js";
import { ok } from "./support/ingress.js";
import { greeter } from "./support/services.js";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  return out;
}

let env: RestateEnv;
const dir = mkdtempSync(join(tmpdir(), "resolute-identity-"));

beforeAll(async () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pem = join(dir, "key.pem");
  writeFileSync(pem, privateKey.export({ format: "pem", type: "pkcs8" }));
  const kid = `publickeyv1_${base58(publicKey.export({ format: "der", type: "spki" }).subarray(-32))}`;
  env = await startRestate({
    endpoint: endpoint().bind(greeter).withIdentityV1(kid),
    env: { RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE: pem },
  });
});
afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("request identity", () => {
  it("accepts the signed requests of the server (discovery and invocations)", async () => {
    expect(await ok(env.ingressUrl, "Greeter/greet", "Signed")).toBe("Hello, Signed!");
  });

  it("refuses unsigned requests with 401 and keeps /health open", async () => {
    const invoke = await h2request(env.endpointUrl!, "/invoke/Greeter/greet", {
      headers: { "content-type": "application/vnd.restate.invocation.v6" },
      body: new Uint8Array(0),
    });
    expect(invoke.status).toBe(401);
    expect(JSON.parse(invoke.body.toString()).message).toMatch(/^Unauthorized/);
    const discover = await h2request(env.endpointUrl!, "/discover", {
      method: "GET",
      headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" },
    });
    expect(discover.status).toBe(401);
    expect((await h2request(env.endpointUrl!, "/health", { method: "GET" })).status).toBe(200);
  });
});
