// A scripted Restate server for the in-process engine benchmark: it feeds one invocation's
// request frames to Resolute's endpoint handler (the transport seam, no network) and answers
// each command that waits for the server (run proposals, sleeps, calls) with its completion,
// as restate-server does in BIDI_STREAM mode. Resolves when the End frame is written.
import {
  decodeMessage,
  encodeFrame,
  FrameDecoder,
  MessageType as M,
} from "@resolute/core/protocol";

const CONTENT_TYPE = "application/vnd.restate.invocation.v6";
const enc = new TextEncoder();
const json = (v) => enc.encode(JSON.stringify(v));
let seq = 0;

/**
 * Runs `service/handler(input)` to its end. `state` (an object) is sent eagerly in the
 * StartMessage, as the server does for virtual objects. Returns the number of frames written.
 */
export function invokeInProcess(handler, { service, name, input, key = "", state }) {
  return new Promise((resolve, reject) => {
    const id = new Uint8Array(16);
    new DataView(id.buffer).setUint32(0, ++seq);
    const start = {
      id,
      debugId: `inv_bench${seq}`,
      knownEntries: 1,
      key,
      stateMap: state
        ? Object.entries(state).map(([k, v]) => ({ key: enc.encode(k), value: json(v) }))
        : [],
      partialState: false,
    };
    let body;
    const decoder = new FrameDecoder();
    let frames = 0;
    // Answered after the engine's current turn, never re-entrantly from inside its write.
    const answer = (type, msg) => {
      const frame = encodeFrame(type, msg);
      queueMicrotask(() => body.push(frame));
    };
    const response = {
      head(status) {
        if (status !== 200) reject(new Error(`HTTP ${status}`));
      },
      write(chunk) {
        decoder.push(chunk);
        for (let f = decoder.next(); f; f = decoder.next()) {
          frames++;
          onFrame(f.type, decodeMessage(f.type, f.payload));
        }
      },
      end() {},
    };
    // The server's side, one frame at a time: each completion goes back as soon as possible.
    const onFrame = (type, msg) => {
      switch (type) {
        case M.ProposeRunCompletion:
          answer(M.RunCompletion, { completionId: msg.resultCompletionId, value: msg.value });
          break;
        case M.SleepCommand:
          answer(M.SleepCompletion, { completionId: msg.resultCompletionId, void: true });
          break;
        case M.CallCommand:
          answer(M.CallInvocationIdCompletion, {
            completionId: msg.invocationIdNotificationIdx,
            invocationId: "inv_callee",
          });
          answer(M.CallCompletion, { completionId: msg.resultCompletionId, value: msg.parameter });
          break;
        case M.Error:
          reject(new Error(`the attempt failed: ${msg.message}`));
          break;
        case M.End:
          queueMicrotask(() => {
            body.end();
            resolve(frames);
          });
          break;
      }
    };
    body = handler.handle(
      {
        method: "POST",
        path: `/invoke/${service}/${name}`,
        headers: { "content-type": CONTENT_TYPE, accept: CONTENT_TYPE },
      },
      response,
    );
    body.push(encodeFrame(M.Start, start));
    body.push(encodeFrame(M.InputCommand, { value: json(input) }));
  });
}
