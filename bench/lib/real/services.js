// The real-server workloads' handlers, written once against the API both SDKs share
// (`service`, `object`, ctx.run/get/set/sleep/serviceClient) and bound to either SDK's module.
// Handlers return small JSON values so both default serdes encode the same bytes.
export function defineServices(sdk) {
  const noop = sdk.service({
    name: "Noop",
    handlers: { call: async (_ctx, x) => x },
  });

  // `n` ctx.run steps in one invocation: the 10-step workload and the long journals.
  const steps = sdk.service({
    name: "Steps",
    handlers: {
      run: async (ctx, n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += await ctx.run(() => i);
        return sum;
      },
    },
  });

  const counter = sdk.object({
    name: "Counter",
    handlers: {
      add: async (ctx, n) => {
        const count = ((await ctx.get("count")) ?? 0) + n;
        ctx.set("count", count);
        return count;
      },
    },
  });

  const callee = sdk.service({
    name: "Callee",
    handlers: { echo: async (_ctx, x) => x },
  });
  const caller = sdk.service({
    name: "Caller",
    handlers: { call: async (ctx, x) => ctx.serviceClient(callee).echo(x) },
  });

  const sleeper = sdk.service({
    name: "Sleeper",
    handlers: {
      nap: async (ctx, ms) => {
        await ctx.sleep(ms);
        return ms;
      },
    },
  });

  return [noop, steps, counter, callee, caller, sleeper];
}
