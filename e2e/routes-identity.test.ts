// Exact routes with request identity on: a handler named "health" is invoked (signed) like any
// other, and an unsigned POST to its invoke path is refused; only /health itself stays open.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpoint } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverKey } from "../packages/core/test/support/server-key.js";
import { named } from "./support/failure-services.js";
import { h2request } from "./support/h2.js";
import { ok } from "./support/ingress.js";

let env: RestateEnv;
const dir = mkdtempSync(join(tmpdir(), "resolute-routes-"));

beforeAll(async () => {
  const { kid, privateKeyPem } = serverKey();
  const pem = join(dir, "key.pem");
  writeFileSync(pem, privateKeyPem());
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
