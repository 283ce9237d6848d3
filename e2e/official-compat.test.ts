// Handlers written for the official SDK (@restatedev/restate-sdk 1.17), ported by changing only
// their import, run against the real server: a ticket shop (objects calling objects and a
// service, delayed sends, ctx.run retries, a terminal failure caught as RestateError), a signup
// workflow (durable promise, shared handlers) and an orchestrator (attach by a parsed invocation
// id, CombineablePromise/RestatePromise combinators, awakeables with orTimeout). Each runs twice:
// streaming over HTTP/2, and with every await replayed (alwaysReplay) to prove determinism.
//
// ---- From here to the line "end of ported code", the code is as written for the official SDK;
// ---- the only change is the import below (was: "@restatedev/restate-sdk").
import * as restate from "@resolute/core";

type TicketStatus = "AVAILABLE" | "RESERVED" | "SOLD";

const ticketObject = restate.object({
  name: "TicketObject",
  handlers: {
    reserve: async (ctx: restate.ObjectContext): Promise<boolean> => {
      const status = (await ctx.get<TicketStatus>("status")) ?? "AVAILABLE";
      if (status !== "AVAILABLE") return false;
      ctx.set("status", "RESERVED");
      return true;
    },
    unreserve: async (ctx: restate.ObjectContext): Promise<void> => {
      if ((await ctx.get<TicketStatus>("status")) !== "SOLD") ctx.clear("status");
    },
    markAsSold: async (ctx: restate.ObjectContext): Promise<void> => {
      if ((await ctx.get<TicketStatus>("status")) === "RESERVED") ctx.set("status", "SOLD");
    },
    status: restate.createObjectSharedHandler(
      async (ctx: restate.ObjectSharedContext): Promise<TicketStatus> =>
        (await ctx.get<TicketStatus>("status")) ?? "AVAILABLE",
    ),
  },
});

/** A payment provider that fails each charge's first attempt, and keeps every charge made. */
const paymentProvider = {
  attempts: new Map<string, number>(),
  charges: new Map<string, number>(),
  charge(idempotencyKey: string, amount: number): boolean {
    const attempt = (this.attempts.get(idempotencyKey) ?? 0) + 1;
    this.attempts.set(idempotencyKey, attempt);
    if (attempt === 1) throw new Error("payment provider unavailable");
    this.charges.set(idempotencyKey, amount);
    return true;
  },
};

const TICKET_PRICE = 40;

const checkoutService = restate.service({
  name: "CheckoutService",
  handlers: {
    handle: restate.createServiceHandler(
      { journalRetention: { days: 1 } },
      async (
        ctx: restate.Context,
        request: { userId: string; tickets: string[] },
      ): Promise<boolean> => {
        if (request.tickets.length > 4) {
          throw new restate.TerminalError(
            `At most 4 tickets per order, not ${request.tickets.length}`,
            {
              errorCode: 422,
            },
          );
        }
        const totalPrice = request.tickets.length * TICKET_PRICE;
        const idempotencyKey = ctx.rand.uuidv4();
        return ctx.run("charge", () => paymentProvider.charge(idempotencyKey, totalPrice), {
          maxRetryAttempts: 5,
          initialRetryInterval: { milliseconds: 10 },
        });
      },
    ),
  },
});

const cartObject = restate.object({
  name: "CartObject",
  handlers: {
    addTicket: async (
      ctx: restate.ObjectContext,
      request: { ticketId: string; holdSeconds?: number },
    ): Promise<boolean> => {
      const reserved = await ctx.objectClient(ticketObject, request.ticketId).reserve();
      if (reserved) {
        const tickets = (await ctx.get<string[]>("tickets")) ?? [];
        tickets.push(request.ticketId);
        ctx.set("tickets", tickets);
        ctx
          .objectSendClient<typeof cartObject>({ name: "CartObject" }, ctx.key)
          .expireTicket(
            request.ticketId,
            restate.rpc.sendOpts({ delay: { seconds: request.holdSeconds ?? 15 * 60 } }),
          );
      }
      return reserved;
    },
    expireTicket: async (ctx: restate.ObjectContext, ticketId: string): Promise<void> => {
      const tickets = (await ctx.get<string[]>("tickets")) ?? [];
      if (!tickets.includes(ticketId)) return;
      ctx.set(
        "tickets",
        tickets.filter((t) => t !== ticketId),
      );
      ctx.objectSendClient(ticketObject, ticketId).unreserve();
    },
    checkout: async (ctx: restate.ObjectContext): Promise<boolean> => {
      const tickets = (await ctx.get<string[]>("tickets")) ?? [];
      if (tickets.length === 0) return false;
      let success: boolean;
      try {
        success = await ctx.serviceClient(checkoutService).handle({ userId: ctx.key, tickets });
      } catch (e) {
        if (e instanceof restate.RestateError) {
          ctx.set("lastError", { name: e.name, code: e.code, message: e.message });
          return false;
        }
        throw e;
      }
      if (success) {
        for (const ticketId of tickets) ctx.objectSendClient(ticketObject, ticketId).markAsSold();
        ctx.clear("tickets");
      }
      return success;
    },
    getTickets: restate.handlers.object.shared(
      async (ctx: restate.ObjectSharedContext): Promise<string[]> =>
        (await ctx.get<string[]>("tickets")) ?? [],
    ),
  },
});

/** Where the signup workflow "sends" its emails. */
const outbox: { to: string; secret: string }[] = [];
const users = new Map<string, string>();

const signupWorkflow = restate.workflow({
  name: "SignupWorkflow",
  handlers: {
    run: restate.createWorkflowHandler(
      { description: "Creates the user, then waits for the emailed link to be clicked." },
      async (ctx: restate.WorkflowContext, user: { name: string; email: string }) => {
        await ctx.run("create user", () => {
          users.set(ctx.key, user.name);
        });
        const secret = ctx.rand.uuidv4();
        await ctx.run("send verification email", () => {
          outbox.push({ to: user.email, secret });
        });
        ctx.set("stage", "email-sent");
        const clicked = await ctx.promise<string>("email-link");
        if (clicked !== secret) {
          ctx.set("stage", "rejected");
          throw new restate.TerminalError("The link is not the one we sent", { errorCode: 403 });
        }
        ctx.set("stage", "verified");
        return true;
      },
    ),
    click: restate.createWorkflowSharedHandler(
      async (ctx: restate.WorkflowSharedContext, secret: string): Promise<void> => {
        await ctx.promise<string>("email-link").resolve(secret);
      },
    ),
    stage: async (ctx: restate.WorkflowSharedContext): Promise<string> =>
      (await ctx.get<string>("stage")) ?? "not started",
  },
});

const worker = restate.service({
  name: "Worker",
  handlers: {
    work: async (ctx: restate.Context, job: { name: string; ms: number }): Promise<string> => {
      await ctx.sleep({ milliseconds: job.ms });
      return `${job.name} done`;
    },
    fail: async (_ctx: restate.Context, why: string): Promise<string> => {
      throw new restate.TerminalError(why, { errorCode: 409 });
    },
    approve: async (ctx: restate.Context, awakeableId: string): Promise<void> => {
      ctx.resolveAwakeable(awakeableId, "approved");
    },
  },
});

const orchestrator = restate.service({
  name: "Orchestrator",
  handlers: {
    attachLater: async (ctx: restate.Context, name: string): Promise<string> => {
      const handle = ctx.serviceSendClient(worker).work({ name, ms: 10 });
      const id = restate.InvocationIdParser.fromString(await handle.invocationId);
      return ctx.attach<string>(id);
    },
    firstAndAll: async (ctx: restate.Context): Promise<{ first: string; all: string[] }> => {
      const client = ctx.serviceClient(worker);
      const first = await restate.CombineablePromise.race([
        client.work({ name: "fast", ms: 10 }),
        client.work({ name: "slow", ms: 3_000 }),
      ]);
      const all = await restate.RestatePromise.all([
        client.work({ name: "a", ms: 20 }),
        client.work({ name: "b", ms: 10 }),
      ]);
      return { first, all };
    },
    approval: async (ctx: restate.Context, request: { ask: boolean }): Promise<string> => {
      const { id, promise } = ctx.awakeable<string>();
      if (request.ask) ctx.serviceSendClient(worker).approve(id);
      try {
        return await promise.orTimeout({ milliseconds: 300 });
      } catch (e) {
        if (e instanceof restate.TimeoutError) return "timed out";
        throw e;
      }
    },
    describeFailure: async (ctx: restate.Context, why: string): Promise<string> => {
      try {
        return await ctx.serviceClient(worker).fail(why);
      } catch (e) {
        if (e instanceof restate.RestateError && e instanceof restate.TerminalError) {
          return `${e.name} ${e.code}: ${e.message}`;
        }
        throw e;
      }
    },
  },
});

const ep = restate
  .endpoint()
  .bind(ticketObject)
  .bind(checkoutService)
  .bind(cartObject)
  .bind(signupWorkflow)
  .bind(worker)
  .bind(orchestrator);

// ---- end of ported code

import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await read();
    if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  { mode: "HTTP/2 streaming", alwaysReplay: false },
  { mode: "every await replayed", alwaysReplay: true },
])("official-API handlers, ported by their import ($mode)", ({ alwaysReplay }) => {
  let env: RestateEnv;
  // Keys differ per mode: the two servers are separate, but the in-process provider is shared.
  const k = (key: string) => `${key}-${alwaysReplay ? "replay" : "stream"}`;
  beforeAll(async () => {
    env = await startRestate({ endpoint: ep, alwaysReplay });
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  it("the ticket shop reserves, checks out once despite a failed charge, and sells", async () => {
    const cart = env.client.objectClient(cartObject, k("ann"));
    expect(await cart.addTicket({ ticketId: k("seat-1") })).toBe(true);
    expect(await cart.addTicket({ ticketId: k("seat-2") })).toBe(true);
    // Another cart cannot take a reserved seat.
    expect(
      await env.client.objectClient(cartObject, k("bo")).addTicket({ ticketId: k("seat-1") }),
    ).toBe(false);
    expect(await cart.getTickets()).toEqual([k("seat-1"), k("seat-2")]);

    const chargesBefore = paymentProvider.charges.size;
    expect(await cart.checkout()).toBe(true);
    // One charge for the order, made on the retry after the provider's failure.
    expect(paymentProvider.charges.size).toBe(chargesBefore + 1);
    expect([...paymentProvider.charges.values()].at(-1)).toBe(2 * TICKET_PRICE);
    expect(await cart.getTickets()).toEqual([]);
    const seat1 = env.client.objectClient(ticketObject, k("seat-1"));
    expect(await eventually(() => seat1.status(), "SOLD")).toBe("SOLD");
  });

  it("a delayed send expires a reservation", async () => {
    const cart = env.client.objectClient(cartObject, k("cy"));
    expect(await cart.addTicket({ ticketId: k("seat-9"), holdSeconds: 1 })).toBe(true);
    expect(await eventually(() => cart.getTickets(), [])).toEqual([]);
    const seat = env.client.objectClient(ticketObject, k("seat-9"));
    expect(await eventually(() => seat.status(), "AVAILABLE")).toBe("AVAILABLE");
  });

  it("a callee's TerminalError reaches the caller as a RestateError with its code", async () => {
    const cart = env.client.objectClient(cartObject, k("dee"));
    for (let i = 0; i < 5; i++) {
      expect(await cart.addTicket({ ticketId: k(`row-${i}`) })).toBe(true);
    }
    expect(await cart.checkout()).toBe(false);
    expect(await env.stateOf(cartObject, k("dee")).get("lastError")).toEqual({
      name: "TerminalError",
      code: 422,
      message: "At most 4 tickets per order, not 5",
    });
    // Called from outside, the same failure is the ingress response's code.
    await expect(
      env.client
        .serviceClient(checkoutService)
        .handle({ userId: "x", tickets: ["1", "2", "3", "4", "5"] }),
    ).rejects.toMatchObject({ code: 422, message: "At most 4 tickets per order, not 5" });
  });

  it("the signup workflow waits for the emailed link", async () => {
    const email = `${k("eve")}@example.com`;
    const flow = env.client.workflowClient(signupWorkflow, k("eve"));
    await flow.workflowSubmit({ name: "Eve", email });
    const mailed = () => outbox.find((m) => m.to === email)?.secret;
    while (mailed() === undefined) await new Promise((r) => setTimeout(r, 20));
    const secret = mailed() as string;
    expect(await flow.stage()).toBe("email-sent");
    await flow.click(secret);
    expect(await flow.workflowAttach()).toBe(true);
    expect(await flow.stage()).toBe("verified");
    expect(users.get(k("eve"))).toBe("Eve");
  });

  it("a wrong link fails the signup with the TerminalError's code", async () => {
    const email = `${k("fay")}@example.com`;
    const flow = env.client.workflowClient(signupWorkflow, k("fay"));
    await flow.workflowSubmit({ name: "Fay", email });
    while (!outbox.some((m) => m.to === email)) await new Promise((r) => setTimeout(r, 20));
    await flow.click("not-the-secret");
    await expect(flow.workflowAttach()).rejects.toMatchObject({ code: 403 });
    expect(await flow.stage()).toBe("rejected");
  });

  it("attaches by a parsed invocation id, races and joins calls, times out an awakeable", async () => {
    const o = env.client.serviceClient(orchestrator);
    expect(await o.attachLater(k("job"))).toBe(`${k("job")} done`);
    expect(await o.firstAndAll()).toEqual({ first: "fast done", all: ["a done", "b done"] });
    expect(await o.approval({ ask: true })).toBe("approved");
    expect(await o.approval({ ask: false })).toBe("timed out");
    expect(await o.describeFailure("no way")).toBe("TerminalError 409: no way");
  }, 30_000);
});
