// A floor for the journal rows' CPU per step (bench/step-probe.js floor): the same process,
// socket and HTTP/2 code as Resolute's endpoint (`serve()` from @resolute/fastify), but
// `Steps/run(n)` is answered by a few lines that write each step's RunCommand and
// ProposeRunCompletion from the server's RunCompletion notification, with no SDK engine,
// context, promise or user code in between. Whatever an SDK spends per step above this is its
// own. Everything else (discovery, other handlers) goes to the real endpoint.
import * as core from "@resolute/core";
import { decodeMessage, encodeFrame, FrameDecoder, MessageType } from "@resolute/core/protocol";
import { serve } from "@resolute/fastify";
import { attachControl } from "../control.js";
import { defineServices } from "./services.js";

const port = Number(process.env.PORT);
let ep = core.endpoint();
for (const def of defineServices(core)) ep = ep.bind(def);
const real = ep.handler();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (v) => encoder.encode(JSON.stringify(v));

function stepFrames(id, value) {
  const run = encodeFrame(MessageType.RunCommand, { resultCompletionId: id, name: "" });
  const propose = encodeFrame(MessageType.ProposeRunCompletion, {
    resultCompletionId: id,
    value: json(value),
  });
  const out = new Uint8Array(run.length + propose.length);
  out.set(run, 0);
  out.set(propose, run.length);
  return out;
}

function floorSteps(head, res) {
  res.head(200, { "content-type": head.headers["content-type"] });
  const frames = new FrameDecoder();
  let n = -1;
  let sum = 0;
  const next = (id) => {
    // Step `id` (1-based) returns id - 1, as `ctx.run(() => i)` does.
    if (id <= n) return res.write(stepFrames(id, id - 1));
    res.write(encodeFrame(MessageType.OutputCommand, { value: json(sum), name: "" }));
    res.write(encodeFrame(MessageType.End, {}));
    res.end();
  };
  return {
    push(chunk) {
      frames.push(chunk);
      for (let f = frames.next(); f; f = frames.next()) {
        if (f.type === MessageType.InputCommand) {
          const input = decodeMessage(f.type, f.payload);
          n = JSON.parse(decoder.decode(input.value));
          next(1);
        } else if (f.type === MessageType.RunCompletion) {
          const done = decodeMessage(f.type, f.payload);
          sum += JSON.parse(decoder.decode(done.value));
          next(done.completionId + 1);
        }
      }
    },
    end() {},
    abort() {},
  };
}

const floor = {
  handler: () => ({
    protocolMode: real.protocolMode,
    drain: () => real.drain?.(),
    handle: (head, res) =>
      head.path.endsWith("/invoke/Steps/run") ? floorSteps(head, res) : real.handle(head, res),
  }),
};
await serve(floor, { port, host: "127.0.0.1" });
attachControl({ sdk: "floor" });
