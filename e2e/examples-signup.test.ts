// examples/signup against the real server: verification, reminders on durable timers, expiry
// and cancellation.
import signupEndpoint from "@resolute/example-signup/endpoint";
import { outbox } from "@resolute/example-signup/mailer";
import { signup } from "@resolute/example-signup/signup";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: signupEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

const mailsTo = (email: string) => outbox.filter((m) => m.to === email);

async function codeFor(email: string): Promise<string> {
  for (;;) {
    const code = mailsTo(email).find((m) => m.code)?.code;
    if (code) return code;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("examples/signup", () => {
  it("the mailed code verifies the signup", async () => {
    const email = "ann@example.com";
    const flow = env.client.workflowClient(signup, email);
    await flow.workflowSubmit({ email });
    await flow.verify(await codeFor(email));
    expect(await flow.workflowAttach()).toBe(true);
    expect(await flow.status()).toEqual({ status: "verified", reminders: 0 });
  });

  it("a wrong code does not verify", async () => {
    const email = "bo@example.com";
    const flow = env.client.workflowClient(signup, email);
    await flow.workflowSubmit({ email });
    await codeFor(email);
    await flow.verify("wrong");
    expect(await flow.workflowAttach()).toBe(false);
    expect((await flow.status()).status).toBe("expired");
  });

  it("reminders on durable timers, then expiry", async () => {
    const email = "cy@example.com";
    const flow = env.client.workflowClient(signup, email);
    await flow.workflowSubmit({ email, reminderEveryMs: 200, maxReminders: 2 });
    expect(await flow.workflowAttach()).toBe(false);
    expect(await flow.status()).toEqual({ status: "expired", reminders: 2 });
    expect(mailsTo(email).map((m) => m.subject)).toEqual([
      "Your code",
      "Reminder: your code is waiting",
      "Reminder: your code is waiting",
    ]);
  });

  it("cancelling the workflow records it and mails the user", async () => {
    const email = "di@example.com";
    const flow = env.client.workflowClient(signup, email);
    const handle = await flow.workflowSubmit({ email });
    await codeFor(email);
    const cancel = await fetch(`${env.adminUrl}/invocations/${handle.invocationId}/cancel`, {
      method: "PATCH",
    });
    expect(cancel.ok).toBe(true);
    await expect(flow.workflowAttach()).rejects.toThrow(/cancel/i);
    expect((await flow.status()).status).toBe("cancelled");
    expect(mailsTo(email).at(-1)?.subject).toBe("Your signup was cancelled");
  });
});
