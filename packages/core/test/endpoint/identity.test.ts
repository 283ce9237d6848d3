import { describe, expect, it } from "vitest";
import { audienceOf, IdentityVerifier, parsePublicKey } from "../../src/endpoint/identity.js";
import { serverKey } from "../support/server-key.js";

const now = 1_800_000_000;
const valid = (aud: string) => ({ aud, iat: now, nbf: now - 60, exp: now + 60 });
const headers = (jwt: string) => ({ "x-restate-signature-scheme": "v1", "x-restate-jwt-v1": jwt });

describe("request identity", () => {
  const a = serverKey();
  const b = serverKey();
  const verifier = new IdentityVerifier([a.kid]);

  it("parses publickeyv1_ keys and rejects malformed ones", () => {
    expect(parsePublicKey(a.kid)).toHaveLength(32);
    expect(() => parsePublicKey("publickeyv1_0OIl")).toThrow(/Invalid request identity key/);
    expect(() => parsePublicKey("ed25519:abc")).toThrow(/publickeyv1_/);
  });

  it("normalises the audience so deployment prefixes do not matter", () => {
    expect(audienceOf("/restate/invoke/Greeter/greet")).toBe("/invoke/Greeter/greet");
    expect(audienceOf("/prefix/discover")).toBe("/discover");
  });

  it.each([
    ["a valid signature", a.jwt(valid("/invoke/Greeter/greet")), undefined],
    [
      "another key's signature",
      b.jwt(valid("/invoke/Greeter/greet")),
      /not signed by a trusted key/,
    ],
    ["a different audience", a.jwt(valid("/invoke/Greeter/other")), /audience/],
    ["an expired token", a.jwt({ ...valid("/invoke/Greeter/greet"), exp: now - 1 }), /expired/],
    [
      "a token not valid yet",
      a.jwt({ ...valid("/invoke/Greeter/greet"), nbf: now + 5 }),
      /not valid yet/,
    ],
    ["missing claims", a.jwt({ aud: "/invoke/Greeter/greet" }), /lacks exp/],
    ["another algorithm", a.jwt(valid("/invoke/Greeter/greet"), "HS256"), /not EdDSA/],
    ["garbage", "a.b.c", /malformed/],
  ])("%s", async (_label, jwt, expected) => {
    const reason = await verifier.check("/restate/invoke/Greeter/greet", headers(jwt), now * 1000);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });

  it("requires the v1 scheme and the JWT header", async () => {
    expect(await verifier.check("/discover", {}, now * 1000)).toMatch(/scheme "missing"/);
    expect(
      await verifier.check("/discover", { "x-restate-signature-scheme": "unsigned" }, now * 1000),
    ).toMatch(/not v1/);
    expect(
      await verifier.check("/discover", { "x-restate-signature-scheme": "v1" }, now * 1000),
    ).toMatch(/missing/);
  });
});
