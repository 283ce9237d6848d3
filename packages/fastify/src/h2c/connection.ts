// One HTTP/2 cleartext server connection (prior knowledge, RFC 9113) over a socket, speaking
// straight to the core's transport seam: each request stream is a plain object, frames are
// parsed from the socket's chunks as views, and everything written in one event-loop turn
// leaves in one socket write. Frame-level rules live here; framing, flow control of what we
// send, header blocks and the write path are in their own modules.
import type { Socket } from "node:net";
import type { EndpointHandler } from "@resolute/core/adapter";
import { connectionError, H2cConnectionError, H2cStreamAborted, H2cStreamError } from "./errors.js";
import { SendScheduler } from "./flow.js";
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  Flag,
  FrameType,
  goawayFrame,
  H2Code,
  MAX_WINDOW,
  pingAckFrame,
  rstStreamFrame,
  Setting,
  settingsAckFrame,
  settingsFrame,
  windowUpdateFrame,
} from "./frame.js";
import { type HeaderBlock, HeaderBlockAssembler, MAX_HEADER_BLOCK } from "./header-block.js";
import { encodeResponseHeaders, HpackDecoder, HpackError } from "./hpack.js";
import { MAX_CONCURRENT_STREAMS, ResetBudget } from "./limits.js";
import { detachPayload } from "./payload.js";
import { FrameReader } from "./reader.js";
import { consumeWindow, OUR_WINDOW } from "./recv-window.js";
import { checkTrailers, declaredLength, malformedLength, toRequestHead } from "./request-head.js";
import { readSettings } from "./settings.js";
import { H2Stream, type StreamOwner } from "./stream.js";
import { StreamTable } from "./streams.js";
import type { H2cConnection, H2cConnectionOptions } from "./types.js";
import { FrameWriter } from "./writer.js";

export class H2cServerConnection implements H2cConnection, StreamOwner {
  readonly closed: Promise<void>;
  private readonly socket: Socket;
  private readonly handler: Pick<EndpointHandler, "handle">;
  private readonly onError: ((err: unknown, message: string) => void) | undefined;
  private readonly reader: FrameReader;
  private readonly writer: FrameWriter;
  private readonly scheduler: SendScheduler;
  private readonly headerBlocks = new HeaderBlockAssembler();
  private readonly decoder = new HpackDecoder(4096, MAX_HEADER_BLOCK);
  private readonly streams: StreamTable;
  /** Streams the peer throws away before they are answered (rapid reset). */
  private readonly resets = new ResetBudget();
  /** The highest stream id the peer opened. */
  private lastStreamId = 0;
  private settingsSeen = false;
  private peerInitialWindow = DEFAULT_WINDOW;
  /** What the peer may still send on the connection (see `received`). */
  private readonly recv = { recvWindow: OUR_WINDOW, recvConsumed: 0 };
  /** Our first header block has set the encoder's dynamic table size to 0. */
  private encoderTableZeroed = false;
  private goawaySent = false;
  private goawayLastId = 0;
  private peerGoaway = false;
  /** No more frames are read: the connection failed, was destroyed or closed. */
  private dead = false;

  constructor(
    socket: Socket,
    handler: Pick<EndpointHandler, "handle">,
    options: H2cConnectionOptions = {},
  ) {
    this.socket = socket;
    this.handler = handler;
    this.onError = options.onError;
    this.writer = new FrameWriter(socket, () => this.scheduler.run());
    this.scheduler = new SendScheduler(this.writer, (s) => this.streams.responseEnded(s));
    this.streams = new StreamTable(this.writer, this.onError, (s) => {
      this.scheduler.forget(s);
      this.closeIfIdle();
    });
    this.reader = new FrameReader(DEFAULT_MAX_FRAME_SIZE, (type, flags, id, payload) =>
      this.onFrame(type, flags, id, payload),
    );
    this.closed = new Promise((resolve) => {
      if (socket.closed) resolve(); // gone before it was handed over
      socket.once("close", () => {
        this.onSocketClosed();
        resolve();
      });
    });
    socket.on("error", () => {
      // a reset by the peer; 'close' follows and aborts what is open
    });
    // The peer half-closed: no more frames can come. Send what is queued, then close.
    socket.on("end", () => this.writer.endSocket());
    socket.setNoDelay(true);
    // Our preface: SETTINGS, and the connection window opened as wide as the streams'.
    this.writer.raw(
      settingsFrame([
        [Setting.MAX_CONCURRENT_STREAMS, MAX_CONCURRENT_STREAMS],
        [Setting.INITIAL_WINDOW_SIZE, OUR_WINDOW],
        [Setting.MAX_HEADER_LIST_SIZE, MAX_HEADER_BLOCK],
      ]),
    );
    this.writer.raw(windowUpdateFrame(0, OUR_WINDOW - DEFAULT_WINDOW));
    const head = options.head;
    if (head && head.length > 0) {
      this.onBytes(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
    }
    socket.on("data", (chunk: Buffer) => this.onBytes(chunk));
    socket.resume();
  }

  get openStreams(): number {
    return this.streams.size;
  }

  shutdown(): void {
    if (this.goawaySent || this.dead) return;
    this.goaway(H2Code.NO_ERROR);
    this.closeIfIdle();
  }

  destroy(): void {
    if (!this.dead) {
      this.stopReading();
      if (!this.goawaySent) this.goaway(H2Code.NO_ERROR);
      this.streams.abortAll(new H2cStreamAborted("The connection was destroyed."));
      this.writer.flush();
    }
    this.socket.destroy();
  }

  // --- StreamOwner: the response side of a stream --------------------------------------------

  sendHeaders(s: H2Stream, status: number, headers: Record<string, string>): void {
    // Our encoder's table starts at 4096 bytes; a peer that lowers SETTINGS_HEADER_TABLE_SIZE
    // is owed a size update (RFC 7541 section 4.2), which nghttp2 enforces. Zeroing it in the
    // connection's first block settles that for good, whenever the SETTINGS come.
    const block = encodeResponseHeaders(status, headers, !this.encoderTableZeroed);
    this.encoderTableZeroed = true;
    this.writer.headerBlock(s.id, block, this.scheduler.maxFrameSize);
    if (s.hasOutput) this.scheduler.markDirty(s);
  }

  markDirty(s: H2Stream): void {
    if (!s.headSent && s.localDone) {
      // The core ended a response it never started: nothing valid can be sent.
      this.streams.reset(s, H2Code.INTERNAL_ERROR);
      return;
    }
    this.scheduler.markDirty(s);
  }

  // --- reading ---------------------------------------------------------------------------------

  private onBytes(chunk: Buffer): void {
    if (this.dead) return;
    try {
      if (!this.reader.feed(chunk)) {
        // Not an HTTP/2 client: nothing sensible to answer.
        this.stopReading();
        this.socket.destroy();
      }
    } catch (err) {
      this.fail(err);
    }
  }

  private onFrame(type: number, flags: number, id: number, payload: Buffer): void {
    try {
      this.dispatch(type, flags, id, payload);
    } catch (err) {
      if (!(err instanceof H2cStreamError)) throw err;
      const s = this.streams.get(err.streamId);
      if (s) this.streams.reset(s, err.h2Code);
      else this.writer.raw(rstStreamFrame(err.streamId, err.h2Code));
    }
  }

  private dispatch(type: number, flags: number, id: number, payload: Buffer): void {
    if (this.headerBlocks.pendingStream !== 0 && type !== FrameType.CONTINUATION) {
      throw connectionError(H2Code.PROTOCOL_ERROR, "a header block was interrupted");
    }
    if (!this.settingsSeen) {
      if (type !== FrameType.SETTINGS || flags & Flag.ACK) {
        throw connectionError(H2Code.PROTOCOL_ERROR, "the client preface lacks its SETTINGS");
      }
      this.settingsSeen = true;
    }
    switch (type) {
      case FrameType.DATA:
        return this.onData(flags, id, payload);
      case FrameType.HEADERS:
        if (id === 0 || (id & 1) === 0) {
          throw connectionError(H2Code.PROTOCOL_ERROR, `HEADERS on stream ${id}`);
        }
        return this.onHeaderBlock(this.headerBlocks.headers(flags, id, payload));
      case FrameType.CONTINUATION:
        return this.onHeaderBlock(this.headerBlocks.continuation(flags, id, payload));
      case FrameType.PRIORITY:
        if (id === 0) throw connectionError(H2Code.PROTOCOL_ERROR, "PRIORITY on stream 0");
        if (payload.length !== 5) {
          throw new H2cStreamError(id, H2Code.FRAME_SIZE_ERROR, "PRIORITY of the wrong size.");
        }
        return; // ignored (RFC 9113 section 5.3.2)
      case FrameType.RST_STREAM:
        return this.onRstStream(id, payload);
      case FrameType.SETTINGS:
        return this.onSettings(flags, id, payload);
      case FrameType.PUSH_PROMISE:
        throw connectionError(H2Code.PROTOCOL_ERROR, "a client sent PUSH_PROMISE");
      case FrameType.PING:
        if (payload.length !== 8) throw connectionError(H2Code.FRAME_SIZE_ERROR, "PING size");
        if (id !== 0) throw connectionError(H2Code.PROTOCOL_ERROR, "PING on a stream");
        if ((flags & Flag.ACK) === 0) this.writer.raw(pingAckFrame(payload));
        return;
      case FrameType.GOAWAY:
        if (id !== 0) throw connectionError(H2Code.PROTOCOL_ERROR, "GOAWAY on a stream");
        if (payload.length < 8) throw connectionError(H2Code.FRAME_SIZE_ERROR, "GOAWAY size");
        this.peerGoaway = true; // we never open streams, so all ours go on to their end
        this.closeIfIdle();
        return;
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(id, payload);
      default:
        return; // unknown frame types are ignored (RFC 9113 section 4.1)
    }
  }

  private onData(flags: number, id: number, payload: Buffer): void {
    if (id === 0) throw connectionError(H2Code.PROTOCOL_ERROR, "DATA on stream 0");
    const length = payload.length; // padding counts against the windows too
    let data = payload;
    if (flags & Flag.PADDED) {
      const pad = length > 0 ? payload[0]! : length;
      if (pad >= length) throw connectionError(H2Code.PROTOCOL_ERROR, "DATA padding too long");
      data = payload.subarray(1, length - pad);
    }
    // The connection window counts every DATA frame, also those of streams already gone.
    if (!consumeWindow(this.writer, 0, this.recv, length, true)) {
      throw connectionError(H2Code.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
    }
    const s = this.streams.get(id);
    if (!s) {
      if (this.isIdle(id)) throw connectionError(H2Code.PROTOCOL_ERROR, "DATA on idle stream");
      return; // a stream we reset or finished: frames in flight are ignored
    }
    if (s.remoteClosed)
      throw new H2cStreamError(id, H2Code.STREAM_CLOSED, "DATA after END_STREAM.");
    const end = (flags & Flag.END_STREAM) !== 0;
    if (!consumeWindow(this.writer, id, s, length, !end)) {
      throw new H2cStreamError(id, H2Code.FLOW_CONTROL_ERROR, "DATA beyond the stream window.");
    }
    if (!s.countBody(data.length, end)) throw malformedLength(id);
    if (data.length > 0) {
      try {
        s.body.push(detachPayload(data));
      } catch (err) {
        this.streams.crash(s, err);
        return;
      }
    }
    if (end) this.streams.remoteEnded(s);
  }

  private onHeaderBlock(hb: HeaderBlock | undefined): void {
    if (!hb) return;
    const { streamId: id, endStream } = hb;
    // Decoded even for streams we refuse: the decoder's table must follow the peer's.
    const fields = this.decoder.decode(hb.block);
    const existing = this.streams.get(id);
    if (existing) {
      if (existing.remoteClosed) {
        throw new H2cStreamError(id, H2Code.STREAM_CLOSED, "HEADERS after END_STREAM.");
      }
      if (!endStream) {
        throw new H2cStreamError(id, H2Code.PROTOCOL_ERROR, "Trailers without END_STREAM.");
      }
      checkTrailers(id, fields);
      if (!existing.countBody(0, true)) throw malformedLength(id);
      this.streams.remoteEnded(existing); // trailers carry nothing the core needs
      return;
    }
    if (id <= this.lastStreamId) {
      // Stream ids only grow: this one is closed (or was refused).
      throw new H2cStreamError(id, H2Code.STREAM_CLOSED, "HEADERS on a closed stream.");
    }
    this.lastStreamId = id;
    if (this.goawaySent || this.peerGoaway || this.streams.size >= MAX_CONCURRENT_STREAMS) {
      // REFUSED_STREAM: nothing was processed, the peer may retry it (RFC 9113 section 8.7).
      this.writer.raw(rstStreamFrame(id, H2Code.REFUSED_STREAM));
      return;
    }
    const head = toRequestHead(id, fields);
    const length = declaredLength(id, head, endStream);
    const s = new H2Stream(id, this, this.peerInitialWindow, OUR_WINDOW);
    s.declaredLength = length;
    if (endStream) s.remoteClosed = true;
    this.streams.start(s, head, this.handler);
  }

  private onRstStream(id: number, payload: Buffer): void {
    if (id === 0) throw connectionError(H2Code.PROTOCOL_ERROR, "RST_STREAM on stream 0");
    if (payload.length !== 4) throw connectionError(H2Code.FRAME_SIZE_ERROR, "RST_STREAM size");
    if (this.isIdle(id)) {
      throw connectionError(H2Code.PROTOCOL_ERROR, "RST_STREAM on an idle stream");
    }
    const s = this.streams.get(id);
    if (!s) return;
    const answered = s.localDone; // the core had ended its response
    this.streams.resetByPeer(s, payload.readUInt32BE(0));
    if (!answered && !this.resets.spend()) {
      throw connectionError(H2Code.ENHANCE_YOUR_CALM, "too many streams reset before their end");
    }
  }

  private onSettings(flags: number, id: number, payload: Buffer): void {
    if (id !== 0) throw connectionError(H2Code.PROTOCOL_ERROR, "SETTINGS on a stream");
    if (flags & Flag.ACK) {
      if (payload.length !== 0) throw connectionError(H2Code.FRAME_SIZE_ERROR, "SETTINGS ACK size");
      return;
    }
    const { initialWindowSize, maxFrameSize } = readSettings(payload);
    if (initialWindowSize !== undefined) {
      const delta = initialWindowSize - this.peerInitialWindow;
      this.peerInitialWindow = initialWindowSize;
      this.scheduler.initialWindowChanged(this.streams.values(), delta);
    }
    if (maxFrameSize !== undefined) this.scheduler.maxFrameSize = maxFrameSize;
    this.writer.raw(settingsAckFrame());
  }

  private onWindowUpdate(id: number, payload: Buffer): void {
    if (payload.length !== 4) throw connectionError(H2Code.FRAME_SIZE_ERROR, "WINDOW_UPDATE size");
    const increment = payload.readUInt32BE(0) & MAX_WINDOW;
    if (id === 0) {
      if (increment === 0) throw connectionError(H2Code.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
      this.scheduler.openConnectionWindow(increment);
      return;
    }
    if (this.isIdle(id)) {
      throw connectionError(H2Code.PROTOCOL_ERROR, "WINDOW_UPDATE on an idle stream");
    }
    const s = this.streams.get(id);
    if (!s) return;
    if (increment === 0) throw new H2cStreamError(id, H2Code.PROTOCOL_ERROR, "WINDOW_UPDATE of 0.");
    this.scheduler.openStreamWindow(s, increment);
  }

  /**
   * Whether stream `id` (not 0) is idle: an odd id the peer has not opened yet, or any even
   * id, since those are ours and we never open (push) one (RFC 9113 section 5.1.1).
   */
  private isIdle(id: number): boolean {
    return (id & 1) === 0 || id > this.lastStreamId;
  }

  /** After a GOAWAY either way, the socket ends once the last stream has. */
  private closeIfIdle(): void {
    if ((this.goawaySent || this.peerGoaway) && this.streams.size === 0 && !this.dead) {
      this.stopReading();
      this.writer.endSocket();
    }
  }

  // --- failure ---------------------------------------------------------------------------------

  private fail(err: unknown): void {
    let code: number = H2Code.INTERNAL_ERROR;
    if (err instanceof H2cConnectionError) code = err.h2Code;
    else if (err instanceof HpackError) code = H2Code.COMPRESSION_ERROR;
    const byPeer = code !== H2Code.INTERNAL_ERROR;
    this.onError?.(err, byPeer ? "HTTP/2 protocol error by the peer" : "HTTP/2 connection failed");
    if (this.dead) return;
    this.stopReading();
    this.goaway(code);
    this.streams.abortAll(new H2cStreamAborted("The connection failed.", code));
    this.writer.endSocket();
    this.writer.flush();
  }

  private goaway(code: number): void {
    // A later GOAWAY never names a higher last stream than the first (RFC 9113 section 6.8).
    if (!this.goawaySent) this.goawayLastId = this.lastStreamId;
    this.goawaySent = true;
    this.writer.raw(goawayFrame(this.goawayLastId, code));
  }

  private stopReading(): void {
    this.dead = true;
    this.reader.stopped = true;
  }

  private onSocketClosed(): void {
    this.stopReading();
    this.streams.abortAll(new H2cStreamAborted("The connection closed before the response ended."));
  }
}
