// examples/awakeable-callback against the real server: an external HTTP service completes the
// awakeable through the ingress, with an approval or a rejection.
import { approvals } from "@resolute/example-awakeable-callback/approvals";
import approvalsEndpoint from "@resolute/example-awakeable-callback/endpoint";
import { type Reviewer, startReviewer } from "@resolute/example-awakeable-callback/reviewer";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
let reviewer: Reviewer;
beforeAll(async () => {
  env = await startRestate({ endpoint: approvalsEndpoint });
  reviewer = await startReviewer({ ingressUrl: env.ingressUrl });
  process.env.REVIEWER_URL = reviewer.url; // read by the handler's ctx.run, in this process
});
afterAll(async () => {
  delete process.env.REVIEWER_URL;
  await reviewer?.close();
  await env?.stop();
});

describe("examples/awakeable-callback", () => {
  it("the reviewer's callback resolves the awakeable", async () => {
    expect(await env.client.serviceClient(approvals).request("final text")).toEqual({
      document: "final text",
      decision: "approved",
      note: "looks good (10 characters)",
    });
  });

  it("a rejection through the callback reaches the handler as a TerminalError", async () => {
    expect(await env.client.serviceClient(approvals).request("draft, TODO")).toEqual({
      document: "draft, TODO",
      decision: "rejected",
      note: "unfinished: the document still has TODOs",
    });
  });

  it("an unknown awakeable id is refused by the ingress", async () => {
    const response = await fetch(`${env.ingressUrl}/restate/awakeables/nope/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '"x"',
    });
    expect(response.ok).toBe(false);
  });
});
