// Runs one invocation attempt in process, the way the Restate server does in request/response
// mode: the whole journal in, the body closed, the handler replays and runs until it ends,
// fails or suspends. What it wrote comes back as decoded messages.
import type { EndpointHandler } from "@resolute/core/adapter";
import { decodeMessage, encodeFrame, FrameDecoder, MessageType } from "@resolute/core/protocol";

export interface Written {
  readonly type: number;
  readonly msg: Record<string, any>;
  /** The frame as written, to append to the journal. */
  readonly frame: Uint8Array;
}

export interface AttemptInput {
  readonly service: string;
  readonly handler: string;
  readonly id: Uint8Array;
  readonly debugId: string;
  readonly key: string;
  readonly state: ReadonlyMap<string, Uint8Array>;
  readonly journal: readonly Uint8Array[];
  readonly retryCount: number;
  readonly randomSeed: bigint;
}

const encoder = new TextEncoder();

export function runAttempt(handler: EndpointHandler, a: AttemptInput): Promise<Written[]> {
  return new Promise((resolve, reject) => {
    const decoder = new FrameDecoder();
    const written: Written[] = [];
    const body = handler.handle(
      {
        method: "POST",
        path: `/invoke/${a.service}/${a.handler}`,
        headers: { "content-type": "application/vnd.restate.invocation.v6" },
      },
      {
        head(status) {
          if (status !== 200)
            reject(new Error(`The handler ${a.service}/${a.handler} answered HTTP ${status}.`));
        },
        write(chunk) {
          decoder.push(chunk);
          for (let f = decoder.next(); f; f = decoder.next()) {
            const msg = decodeMessage(f.type, f.payload) as Record<string, any>;
            written.push({ type: f.type, msg, frame: encodeFrame(f.type, msg) });
          }
        },
        end() {
          resolve(written);
        },
      },
    );
    body.push(
      encodeFrame(MessageType.Start, {
        id: a.id,
        debugId: a.debugId,
        knownEntries: a.journal.length,
        stateMap: [...a.state].map(([key, value]) => ({ key: encoder.encode(key), value })),
        partialState: false,
        key: a.key,
        retryCountSinceLastStoredEntry: a.retryCount,
        randomSeed: a.randomSeed,
      }),
    );
    for (const entry of a.journal) body.push(entry);
    body.end();
  });
}
