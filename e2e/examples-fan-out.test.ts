// examples/fan-out against the real server: many calls in flight, RestatePromise.all fans in.
import { analyzer } from "@resolute/example-fan-out/analyzer";
import fanOutEndpoint from "@resolute/example-fan-out/endpoint";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: fanOutEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

describe("examples/fan-out", () => {
  it("counts the words of 60 documents through 60 calls", async () => {
    const documents = Array.from({ length: 60 }, (_, i) => "word ".repeat(i + 1));
    expect(await env.client.serviceClient(analyzer).analyze(documents)).toEqual({
      documents: 60,
      words: (60 * 61) / 2,
      longest: 60,
    });
  });

  it("no documents, no calls", async () => {
    expect(await env.client.serviceClient(analyzer).analyze([])).toEqual({
      documents: 0,
      words: 0,
      longest: 0,
    });
  });
});
