// A ServableEndpoint without the SDK: it echoes each body chunk the moment it arrives and ends
// the response when the body ends (paths ending in /hold keep it open), answers /health, throws
// on /throw and on the first chunk for /explode. It records what the adapter handed it.
import type { BodySink, ProtocolMode, RequestHead, ServableEndpoint } from "@resolute/core/adapter";

export interface FakeEndpoint extends ServableEndpoint {
  readonly modes: ProtocolMode[];
  readonly heads: RequestHead[];
  readonly chunks: Uint8Array[];
  readonly aborts: unknown[];
  ends: number;
  /** Resolves with the next abort's reason. */
  nextAbort(): Promise<unknown>;
}

const IGNORE: BodySink = { push() {}, end() {}, abort() {} };
const encoder = new TextEncoder();

export function fakeEndpoint(): FakeEndpoint {
  let waiting: ((reason: unknown) => void) | undefined;
  const fake: FakeEndpoint = {
    modes: [],
    heads: [],
    chunks: [],
    aborts: [],
    ends: 0,
    nextAbort: () => new Promise((resolve) => (waiting = resolve)),
    handler(options) {
      const protocolMode = options?.protocolMode ?? "BIDI_STREAM";
      fake.modes.push(protocolMode);
      return {
        protocolMode,
        handle(head, res) {
          fake.heads.push(head);
          if (head.path.endsWith("/throw")) throw new Error("boom");
          if (head.path.endsWith("/health")) {
            res.head(200, { "content-type": "application/text" });
            res.write(encoder.encode("OK"));
            res.end();
            return IGNORE;
          }
          res.head(200, { "content-type": "application/octet-stream" });
          const hold = head.path.endsWith("/hold");
          return {
            push(chunk) {
              if (head.path.endsWith("/explode")) throw new Error("bad frame");
              fake.chunks.push(chunk);
              res.write(chunk);
            },
            end() {
              fake.ends++;
              if (!hold) res.end();
            },
            abort(reason) {
              fake.aborts.push(reason);
              waiting?.(reason);
              res.end();
            },
          };
        },
      };
    },
  };
  return fake;
}
