// Snippets of docs/guides/testing.md.
import {
  type Context,
  type EndpointBuilder,
  type ObjectContext,
  object,
  service,
  type WorkflowContext,
  workflow,
} from "@resolute/core";

declare const ep: EndpointBuilder;

const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
  },
});

const approvals = service({
  name: "Approvals",
  handlers: {
    waitForApproval: async (ctx: Context) => ctx.awakeable<string>().promise,
  },
});

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx: Context, name: string) => `Hello, ${name}!` },
});

// #region unit
import { createTestContext } from "@resolute/testing";

const t = createTestContext({ key: "k", state: { count: 1 } });
await t.invoke(counter, "add", 2); // 3
t.state.get("count"); // 3, synchronously
t.stateOf(counter, "other").get("count"); // any object or workflow key
t.runs; // names of the ctx.run closures that executed
t.sleeps;
t.calls;
t.sends;

const pending = t.invoke(approvals, "waitForApproval");
await t.idle(); // until every invocation waits on the test
t.resolveAwakeable(t.awakeables[0]!, "yes"); // ids in the order first awaited
await pending;

// #endregion unit

const signup = workflow({
  name: "Signup",
  handlers: {
    run: async (ctx: WorkflowContext, email: string) => {
      ctx.objectSendClient(counter, "signups").add(1);
      return `${email}: ${await ctx.promise<string>("code")}`;
    },
  },
});

// #region workflows
const w = createTestContext({ key: "ann", services: [counter] });
const run = w.invoke(signup, "run", "ann@example.com");
await w.idle(); // the run waits for its promise; the send it made has run
w.stateOf(counter, "signups").get("count"); // 1
w.resolvePromise("code", "1234", signup); // promises belong to (workflow, key)
await run; // "ann@example.com: 1234"
await w.invoke(signup, "run", "again").catch((e) => e.code); // 409: a key runs once

// #endregion workflows

// #region e2e
import { startRestate } from "@resolute/testing";

const env = await startRestate({ endpoint: ep }); // restate-server 1.7.12 from npm
await env.client.serviceClient(greeter).greet("Ann"); // typed ingress client
await env.stateOf(counter, "k").get("count"); // undefined when missing
await env.restartEndpoint(); // or killEndpoint() / startEndpoint()
await env.restartServer(); // same ports and data directory
await env.stop(); // no process, no open port left
// #endregion e2e

export async function cluster() {
  // #region cluster
  const env = await startRestate({ endpoint: ep, nodes: 3, replication: 2 });
  const node = env.nodes[1]!; // the second node
  node.ingressUrl;
  node.adminUrl;
  await node.kill(); // SIGKILL; stop() is SIGTERM
  await node.restart(); // same node name, ports and data; resolves when it routes again
  await env.client.objectClient(counter, "k").add(1); // spread over every node's ingress
  // #endregion cluster
}
