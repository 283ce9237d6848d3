// The frame builders are the expected values of the vm tests, so they are pinned here: to the
// bytes of the recorded vectors where a vector has the message, else to bytes hand-encoded from
// the field tables of the protocol reference (§5), independently of our codec.
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { framesOf, hex, toHex } from "../support/vectors.js";
import { decodeFrame } from "./driver.js";
import * as m from "./messages.js";
import { vector } from "./vector-suite.js";

function recorded(file: string, name: string, nth = 0): string {
  const all = vector(file).attempts.flatMap((a) => a.timeline.filter((t) => t.name === name));
  const f = all[nth];
  if (!f) throw new Error(`${file} has no ${name} #${nth}`);
  return f.hex;
}

const C = "c_run_sleep_suspend_replay_rr_v6.json";
const M_ = "m_state_ops_completion_ids_rr_v6.json";
const G = "g_call_rr_v6.json";

describe("builders reproduce recorded frames", () => {
  const cases: [string, Uint8Array, string][] = [
    ["Run", m.runCmd(1, "compute"), recorded(C, "RunCommandMessage")],
    [
      "ProposeRun",
      m.propose(1, { value: "computed-x2" }),
      recorded(C, "ProposeRunCompletionMessage"),
    ],
    [
      "ProposeRun V7",
      m.propose(1, { value: "computed-x2" }, 0x8000),
      recorded("v7_run_sleep_rr.json", "ProposeRunCompletionMessage"),
    ],
    [
      "ProposeRun failure",
      m.propose(1, { failure: { code: 500, message: "still failing" } }),
      recorded("d2_run_retry_exhausted_rr_v6.json", "ProposeRunCompletionMessage"),
    ],
    [
      "RunCompletion",
      m.runDone(1, { value: "computed-x2" }),
      recorded(C, "RunCompletionNotificationMessage"),
    ],
    ["Sleep", m.sleepCmd(2, 1795838916929), recorded(C, "SleepCommandMessage")],
    ["SleepCompletion", m.sleepDone(2), recorded(C, "SleepCompletionNotificationMessage")],
    [
      "Suspension",
      m.suspension({ completions: [1], signals: [1] }),
      recorded(C, "SuspensionMessage"),
    ],
    [
      "Suspension awakeable",
      m.suspension({ signals: [17, 1] }),
      recorded("f_awakeable_rr_v6.json", "SuspensionMessage"),
    ],
    [
      "Suspension V7",
      m.suspensionV7({ completions: [1], signals: [1] }),
      recorded("v7_run_sleep_rr.json", "SuspensionMessage"),
    ],
    ["Ack", m.ack(1), recorded("v7_run_sleep_bidi.json", "ProposeRunCompletionAckMessage")],
    [
      "GetEagerState void",
      m.getEager("count"),
      recorded("b_object_counter_eager_state_bidi_v6.json", "GetEagerStateCommandMessage"),
    ],
    ["GetEagerState value", m.getEager("count", 8), recorded(M_, "GetEagerStateCommandMessage")],
    [
      "GetEagerStateKeys",
      m.getEagerKeys(["count"]),
      recorded(M_, "GetEagerStateKeysCommandMessage"),
    ],
    [
      "GetLazyState",
      m.getLazy("count", 1),
      recorded("j_lazy_state_rr_v6.json", "GetLazyStateCommandMessage"),
    ],
    [
      "GetLazyStateCompletion",
      m.getLazyDone(1, { value: 2 }),
      recorded("j_lazy_state_rr_v6.json", "GetLazyStateCompletionNotificationMessage", 1),
    ],
    [
      "SetState",
      m.setState("count", 5),
      recorded("b_object_counter_eager_state_bidi_v6.json", "SetStateCommandMessage"),
    ],
    ["ClearState", m.clearState("count"), recorded(M_, "ClearStateCommandMessage")],
    ["ClearAllState", m.clearAll(), recorded(M_, "ClearAllStateCommandMessage")],
    [
      "Output",
      m.output("Hello, Alice!"),
      recorded("a_service_greet_bidi_v6.json", "OutputCommandMessage"),
    ],
    [
      "Output failure",
      m.outputFailure(418, "nope"),
      recorded("h_terminal_error_rr_v6.json", "OutputCommandMessage"),
    ],
    ["End", m.end(), recorded("a_service_greet_bidi_v6.json", "EndMessage")],
    [
      "Call",
      m.callCmd({ service: "Greeter", handler: "greet" }, "Bob", 1, 2),
      recorded(G, "CallCommandMessage"),
    ],
    [
      "CallInvocationId",
      m.callIdDone(1, "inv_1hpjQ6ZXbC1N64KKeAi2en71P6Fu50brDr"),
      recorded(G, "CallInvocationIdCompletionNotificationMessage"),
    ],
    [
      "CallCompletion",
      m.callDone(2, { value: "Hello, Bob!" }),
      recorded(G, "CallCompletionNotificationMessage"),
    ],
    [
      "Cancel signal",
      m.signal(1),
      recorded("e_cancel_signal_rr_v6.json", "SignalNotificationMessage"),
    ],
    [
      "Awakeable signal",
      m.signal(17, { value: { hello: "world" } }),
      recorded("f_awakeable_rr_v6.json", "SignalNotificationMessage"),
    ],
  ];
  it.each(cases)("%s", (_, built, want) => {
    expect(toHex(built)).toBe(want);
  });

  it("start() carries known entries, key and eager state as the recorded Start does", () => {
    const [rec] = framesOf(
      vector("b_object_counter_eager_state_bidi_v6.json").attempts[1]!,
      "runtime->sdk",
    );
    const want = decodeFrame(hex(rec!.hex)).msg;
    const got = decodeFrame(m.start({ knownEntries: 1, key: "mykey", state: { count: "5" } })).msg;
    for (const k of ["knownEntries", "key", "stateMap", "partialState"])
      expect(got[k]).toEqual(want[k]);
    expect(decodeFrame(m.start({ knownEntries: 1 })).msg.partialState).toBe(true);
  });
});

describe("builders match bytes hand-encoded from the reference field tables", () => {
  const cases: [string, Uint8Array, string][] = [
    [
      "SendSignal cancel",
      m.sendSignal("inv_1child", 1, undefined),
      "04100000000000100a0a696e765f316368696c6410012200",
    ],
    [
      "SendSignal named value",
      m.sendSignal("inv_1child", "ready", { value: 42 }),
      "04100000000000190a0a696e765f316368696c641a0572656164792a040a023432",
    ],
    [
      "CompleteAwakeable value",
      m.completeAwakeable("sign_1abc", { value: "yes" }),
      "04140000000000140a097369676e5f3161626312070a052279657322",
    ],
    [
      "CompleteAwakeable failure",
      m.completeAwakeable("sign_1abc", { failure: { code: 500, message: "no" } }),
      "04140000000000140a097369676e5f316162631a0708f40312026e6f",
    ],
    ["GetPromise", m.promiseGet("p", 1), "04090000000000050a01705801"],
    ["PeekPromise", m.promisePeek("p", 2), "040a0000000000050a01705802"],
    [
      "CompletePromise value",
      m.promiseComplete("p", { value: 1 }, 3),
      "040b00000000000a0a017012030a01315803",
    ],
    [
      "CompletePromise failure",
      m.promiseComplete("p", { failure: { code: 400, message: "bad" } }, 1),
      "040b00000000000f0a01701a0808900312036261645801",
    ],
    [
      "OneWayCall",
      m.sendCmd({ service: "Counter", handler: "add", key: "k" }, 1, 1, 1700000000000),
      "040e00000000001d0a07436f756e74657212036164641a01312080d095ffbc3132016b5001",
    ],
    [
      "Call keyed",
      m.callCmd(
        {
          service: "Counter",
          handler: "add",
          key: "k",
          idempotencyKey: "idem",
          headers: [{ key: "h", value: "v" }],
        },
        1,
        1,
        2,
      ),
      "040d0000000000260a07436f756e74657212036164641a013122060a01681201762a016b32046964656d50015802",
    ],
    [
      "AttachInvocation",
      m.attachCmd({ invocationId: "inv_1other" }, 1),
      "041200000000000e0a0a696e765f316f746865725801",
    ],
    [
      "GetInvocationOutput",
      m.getOutputCmd({ workflowTarget: { workflowName: "Wf", workflowKey: "w1" } }, 1),
      "041300000000000c22080a025766120277315801",
    ],
    [
      "GetPromiseCompletion",
      m.done(M.GetPromiseCompletion, 1, { value: "v" }),
      "800900000000000908012a050a03227622",
    ],
    [
      "PeekPromiseCompletion void",
      m.done(M.PeekPromiseCompletion, 2, undefined),
      "800a00000000000408022200",
    ],
    [
      "CompletePromiseCompletion failure",
      m.done(M.CompletePromiseCompletion, 3, { failure: { code: 409, message: "done" } }),
      "800b00000000000d080332090899031204646f6e65",
    ],
    [
      "AttachInvocationCompletion",
      m.done(M.AttachInvocationCompletion, 1, { value: 7 }),
      "801200000000000708012a030a0137",
    ],
    [
      "GetInvocationOutputCompletion void",
      m.done(M.GetInvocationOutputCompletion, 1, undefined),
      "801300000000000408012200",
    ],
    [
      "Named signal",
      m.namedSignal("ready", { value: 42 }),
      "fbff00000000000d1a0572656164792a040a023432",
    ],
    [
      "GetLazyStateKeysCompletion",
      m.getLazyKeysDone(1, ["a", "b"]),
      "800600000000000b08018a01060a01610a0162",
    ],
    [
      "Suspension named",
      m.suspension({ signals: [1], named: ["ready"] }),
      "000100000000000a1201011a057265616479",
    ],
  ];
  it.each(cases)("%s", (_, built, want) => {
    expect(toHex(built)).toBe(want);
  });
});
