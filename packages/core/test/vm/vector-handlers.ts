// Scripted handlers for the recorded vectors: the syscalls each recorded handler made (from the
// vector's handler_source_summary / description), yielding where the handler awaited.
import { MessageType as M } from "../../src/protocol/message-type.js";
import type { InvocationVm } from "../../src/vm/invocation-vm.js";
import {
  asOutput,
  awaitOn,
  type Handler,
  json,
  jsonValue,
  parse,
  text,
  type Volatile,
} from "./driver.js";

export interface VectorCase extends Volatile {
  /** The handler of the given attempt (attempts of one vector can run different code). */
  readonly handler: (attempt: number) => Handler;
  /** Skip V7 AwaitingOnMessage frames: an optional, informational hint (reference §4, §6.7). */
  readonly skipAwaitingOn?: boolean;
}

const EMPTY = new Uint8Array(0);

// greet(ctx, name) => `Hello, ${name}!`
const greet: Handler = (vm) => {
  vm.output({ value: json(`Hello, ${parse(vm.input.value)}!`) });
};

// add(ctx, n) { c = (await ctx.get("count")) ?? 0; ctx.set("count", c + n); return c + n }
const add: Handler = function* (vm) {
  const n = parse(vm.input.value) as number;
  const got = yield* awaitOn(vm, vm.getState("count"));
  const c = got.kind === "value" ? (parse(got.value) as number) : 0;
  vm.setState("count", json(c + n));
  vm.output({ value: json(c + n) });
};

// r = await ctx.run(name, () => `computed-${x}`); await ctx.sleep(ms); return r
const runThenSleep = (name = "compute", value?: unknown): Handler =>
  function* (vm) {
    const h = vm.run(name);
    const result = value ?? `computed-${parse(vm.input.value)}`;
    if (vm.runNeedsExecution(h)) vm.proposeRun(h, { value: json(result) });
    const r = yield* awaitOn(vm, h);
    yield* awaitOn(vm, vm.sleep(Date.now() + 1000));
    vm.output(asOutput(r));
  };

// await ctx.sleep(ms); return result
const sleepThenReturn = (ms: number, result: unknown): Handler =>
  function* (vm) {
    yield* awaitOn(vm, vm.sleep(Date.now() + ms));
    vm.output({ value: json(result) });
  };

/** The endpoint's reaction to a retryable error thrown by a ctx.run closure (reference §6.6). */
function retryOrGiveUp(vm: InvocationVm, h: number | string, message: string, policy: Policy) {
  const { attempt } = vm.runAttempts(h);
  if (attempt >= policy.maxAttempts) {
    vm.proposeRun(h, { failure: { code: 500, message } });
    return;
  }
  const run = vm.runCommand(h)!;
  vm.fail({
    code: 500,
    message,
    stacktrace: new Error(message).stack ?? "",
    relatedCommandIndex: run.index,
    relatedCommandName: run.name,
    relatedCommandType: M.RunCommand,
    nextRetryDelay: policy.initial * 2 ** (attempt - 1),
  });
}

interface Policy {
  maxAttempts: number;
  initial: number;
}

// ctx.run("maybe-fail") throws once (policy: 3 attempts, 100 ms), then returns "ok".
const runFailsOnce = (attempt: number): Handler =>
  function* (vm) {
    const h = vm.run("maybe-fail");
    if (vm.runNeedsExecution(h)) {
      if (attempt === 0) {
        retryOrGiveUp(vm, h, "transient failure, please retry", { maxAttempts: 3, initial: 100 });
      } else vm.proposeRun(h, { value: json("ok") });
    }
    vm.output(asOutput(yield* awaitOn(vm, h)));
  };

// ctx.run("always-fail") always throws (policy: 2 attempts, 50 ms); the handler catches the
// terminal error and returns a description of it.
const runAlwaysFails: Handler = function* (vm) {
  const h = vm.run("always-fail");
  if (vm.runNeedsExecution(h)) {
    retryOrGiveUp(vm, h, "still failing", { maxAttempts: 2, initial: 50 });
  }
  const r = yield* awaitOn(vm, h);
  if (r.kind !== "failure") throw new Error("expected the run to fail");
  const msg = `caught TerminalError code=${r.failure.code} msg=${r.failure.message}`;
  vm.output({ value: json(msg) });
};

// awakeable(); return { got: await promise }
const awaitAwakeable: Handler = function* (vm) {
  const { handle } = vm.awakeable();
  vm.output({ value: json({ got: jsonValue(yield* awaitOn(vm, handle)) }) });
};

// return await ctx.serviceClient(Greeter).greet(name)
const callOther: Handler = function* (vm) {
  const { result } = vm.call({ service: "Greeter", handler: "greet" }, vm.input.value ?? EMPTY);
  vm.output(asOutput(yield* awaitOn(vm, result)));
};

// c = await ctx.get("count"); keys = await ctx.stateKeys(); r = await ctx.run("after-get",
// () => 1); ctx.clear("count"); ctx.clearAll(); return {c, keys, r}
const getThenRun: Handler = function* (vm) {
  const c = jsonValue(yield* awaitOn(vm, vm.getState("count")));
  const keys = yield* awaitOn(vm, vm.getStateKeys());
  if (keys.kind !== "stateKeys") throw new Error("expected state keys");
  const h = vm.run("after-get");
  if (vm.runNeedsExecution(h)) vm.proposeRun(h, { value: json(1) });
  const r = jsonValue(yield* awaitOn(vm, h));
  vm.clearState("count");
  vm.clearAllState();
  vm.output({ value: json({ c, keys: keys.keys.map(text), r }) });
};

export const vectorCases: Record<string, VectorCase> = {
  "a_service_greet_bidi_v6.json": { handler: () => greet },
  "b_object_counter_eager_state_bidi_v6.json": { handler: () => add },
  "c_run_sleep_suspend_replay_rr_v6.json": { handler: () => runThenSleep() },
  "c2_run_sleep_bidi_v6.json": { handler: () => runThenSleep() },
  "d_run_retry_error_rr_v6.json": { handler: runFailsOnce },
  "d2_run_retry_exhausted_rr_v6.json": { handler: () => runAlwaysFails },
  "e_cancel_signal_rr_v6.json": { handler: () => sleepThenReturn(60_000, null) },
  "f_awakeable_rr_v6.json": { handler: () => awaitAwakeable },
  // attempt 1 is the callee Greeter/greet, attempts 0 and 2 the caller.
  "g_call_rr_v6.json": { handler: (attempt) => (attempt === 1 ? greet : callOther) },
  "h_terminal_error_rr_v6.json": {
    handler: () => (vm) => vm.output({ failure: { code: 418, message: "nope" } }),
  },
  // The code changed before attempt 2: the run is now named "B".
  "i_journal_mismatch_rr_v6.json": {
    handler: (attempt) => runThenSleep(attempt < 2 ? "A" : "B", "v"),
    errorMessage: true,
  },
  "j_lazy_state_rr_v6.json": { handler: () => add },
  "k_inactivity_suspend_bidi_v6.json": { handler: () => sleepThenReturn(8000, "woke") },
  // The handler throws a plain Error("boom") on its first attempt only.
  "l_handler_retryable_error_rr_v6.json": {
    handler: (attempt) => (vm) =>
      attempt === 0
        ? vm.fail({ code: 500, message: "boom", stacktrace: new Error("boom").stack ?? "" })
        : vm.output({ value: json("second attempt ok") }),
  },
  "m_state_ops_completion_ids_rr_v6.json": { handler: () => getThenRun },
  "v7_greet_and_counter_bidi.json": { handler: (attempt) => (attempt === 0 ? greet : add) },
  "v7_run_sleep_bidi.json": { handler: () => runThenSleep(), skipAwaitingOn: true },
  "v7_run_sleep_rr.json": { handler: () => runThenSleep() },
};
