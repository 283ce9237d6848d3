// Runs one invocation attempt in process, in request/response mode: Start + Input, end of body,
// then the frames the endpoint wrote, decoded. For failure-path tests without a server.
import type { LogSink } from "../../src/context/logging.js";
import type { EndpointBuilder } from "../../src/endpoint/endpoint-builder.js";
import type { EndpointHandler } from "../../src/endpoint/transport.js";
import { decodeMessage, encodeFrame } from "../../src/protocol/codec.js";
import { MessageType as M } from "../../src/protocol/message-type.js";

export interface Written {
  readonly type: number;
  readonly msg: Record<string, unknown>;
}

export interface Answer {
  readonly status: number;
  readonly frames: Written[];
  /** The ErrorMessage, if the attempt failed (retryable). */
  readonly error: { code: number; message: string; nextRetryDelay?: bigint | number } | undefined;
  /** The Output's failure, if the invocation failed terminally. */
  readonly failure: { code: number; message: string } | undefined;
  readonly body: string;
}

function split(body: Uint8Array): Written[] {
  const out: Written[] = [];
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  for (let at = 0; at + 8 <= body.length; ) {
    const type = view.getUint16(at);
    const len = view.getUint32(at + 4);
    const payload = body.subarray(at + 8, at + 8 + len);
    out.push({ type, msg: decodeMessage(type, payload) as Record<string, unknown> });
    at += 8 + len;
  }
  return out;
}

export async function invokeOnce(
  ep: EndpointBuilder,
  path: string,
  input: Uint8Array,
  o: {
    key?: string;
    retryCount?: number;
    logger?: LogSink;
    headers?: Record<string, string>;
    method?: string;
    /** A handler built before, to send it several requests. */
    handler?: EndpointHandler;
  } = {},
): Promise<Answer> {
  const handler =
    o.handler ??
    ep.handler({
      protocolMode: "REQUEST_RESPONSE",
      logger: o.logger ?? { log() {} },
    });
  const chunks: Uint8Array[] = [];
  let status = 0;
  await new Promise<void>((resolve) => {
    const sink = handler.handle(
      {
        method: o.method ?? "POST",
        path,
        headers: { "content-type": "application/vnd.restate.invocation.v6", ...o.headers },
      },
      {
        head(s) {
          status = s;
        },
        write(c) {
          chunks.push(c);
        },
        end() {
          resolve();
        },
      },
    );
    sink.push(
      encodeFrame(M.Start, {
        id: new Uint8Array(24).fill(3),
        debugId: "inv_unit",
        knownEntries: 1,
        ...(o.key === undefined ? {} : { key: o.key }),
        ...(o.retryCount === undefined ? {} : { retryCountSinceLastStoredEntry: o.retryCount }),
      }),
    );
    sink.push(encodeFrame(M.InputCommand, { value: input }));
    sink.end();
  });
  const body = Uint8Array.from(chunks.flatMap((c) => [...c]));
  const frames = status === 200 ? split(body) : [];
  const error = frames.find((f) => f.type === M.Error)?.msg as Answer["error"];
  const output = frames.find((f) => f.type === M.OutputCommand)?.msg;
  return {
    status,
    frames,
    error,
    failure: output?.failure as Answer["failure"],
    body: new TextDecoder().decode(body),
  };
}

export const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
