// Snippets of docs/sdk/testing.md.
import { endpoint, type ObjectContext, object } from "@resolute/core";
import { createTestContext, startRestate } from "@resolute/testing";

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

export async function inProcess() {
  // #region unit
  // No server: the handler runs through the real engine, state in memory.
  const t = createTestContext({ key: "k", state: { count: 1 } });
  const result = await t.invoke(counter, "add", 2); // 3
  const stored = t.state.get("count"); // 3, synchronously
  // #endregion unit
  return { result, stored };
}

export async function realServer() {
  // #region e2e
  // The real restate-server from npm, on free ports with a temporary data folder.
  const env = await startRestate({ endpoint: endpoint().bind(counter) });
  try {
    await env.client.objectClient(counter, "k").add(5);
    await env.restartEndpoint(); // a crash or redeploy of your service
    await env.client.objectClient(counter, "k").add(1); // 6: the state is the server's
    const count = await env.stateOf(counter, "k").get<number>("count");
    return count;
  } finally {
    await env.stop(); // no process, port or folder left
  }
  // #endregion e2e
}
