// Request identity against a Restate server configured with a signing key: its requests are
// accepted, unsigned ones are refused with 401.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endpoint } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverKey } from "../packages/core/test/support/server-key.js";
import { h2request } from "./support/h2.js";
import { ok } from "./support/ingress.js";
import { greeter } from "./support/services.js";

let env: RestateEnv;
const dir = mkdtempSync(join(tmpdir(), "resolute-identity-"));

beforeAll(async () => {
  const { kid, privateKeyPem } = serverKey();
  const pem = join(dir, "key.pem");
  writeFileSync(pem, privateKeyPem());
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
