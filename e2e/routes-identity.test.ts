// Exact routes with request identity on: a handler named "health" is invoked (signed) like any
// other, and an unsigned POST to its invoke path is refused; only /health itself stays open.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpoint } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { named } from "./support/failure-services.js";
import { h2request } from "./support/h2.js";
import { ok } from "./support/ingress.js";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
  let out = "";
  for (; n > 0n; n /= 58n) out = BASE58[Number(n % 58n)] + out;
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

let env: RestateEnv;
const dir = mkdtempSync(join(tmpdir(), "resolute-routes-"));

beforeAll(async () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pem = join(dir, "key.pem");
  writeFileSync(pem, privateKey.export({ format: "pem", type: "pkcs8" }));
  const kid = `publickeyv1_${base58(publicKey.export({ format: "der", type: "spki" }).subarray(-32))}`;
  env = await startRestate({
    endpoint: endpoint().bind(named).withIdentityV1(kid),
    env: { RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE: pem },
  });
});
afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("handlers named health and discover, with request identity", () => {
  it.each(["health", "discover"])(
    "the server's signed call of Named/%s runs the handler",
    async (name) => {
      expect(await ok(env.ingressUrl, `Named/${name}`)).toBe(`the ${name} handler ran`);
    },
  );

  it("an unsigned POST to /invoke/Named/health is refused with 401", async () => {
    const r = await h2request(env.endpointUrl!, "/invoke/Named/health", {
      headers: { "content-type": "application/vnd.restate.invocation.v6" },
      body: new Uint8Array(0),
    });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body.toString()).message).toMatch(/^Unauthorized/);
  });

  it("GET /health itself stays open", async () => {
    expect((await h2request(env.endpointUrl!, "/health", { method: "GET" })).status).toBe(200);
  });
});
