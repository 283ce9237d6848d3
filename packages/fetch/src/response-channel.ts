// The core's ResponseSink as a web Response. A response the core finishes at once (discovery,
// health, an error) becomes a Response with a complete body, so it carries a content length;
// one still being written when its head is taken streams through a ReadableStream.
import type { BodySink, ResponseSink } from "@resolute/core/adapter";

const IGNORE_BODY: BodySink = { push() {}, end() {}, abort() {} };
const RESOLVED = Promise.resolve();

export class ResponseChannel implements ResponseSink {
  /** Where the request body goes; set by the adapter right after the core took the request. */
  body: BodySink = IGNORE_BODY;
  readonly response: Promise<Response>;
  #resolve!: (response: Response) => void;
  #status = 0;
  #headers: Record<string, string> = {};
  #pending: Uint8Array[] = [];
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #ended = false;
  #headed = false;
  #aborted = false;
  // Set once the response ended or the peer went away: later writes are dropped.
  #closed = false;

  constructor() {
    this.response = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The exchange broke off before the core ended the response. */
  get aborted(): boolean {
    return this.#aborted;
  }

  head(status: number, headers: Record<string, string>): void {
    this.#headed = true;
    this.#status = status;
    this.#headers = headers;
    // Whatever the core writes in the same turn joins the head in one complete body.
    // A plain promise reaction: Node's queueMicrotask wraps each callback in an AsyncResource.
    RESOLVED.then(() => this.#deliver());
  }

  write(chunk: Uint8Array): void {
    if (this.#closed) return;
    if (this.#controller) this.#controller.enqueue(chunk);
    else this.#pending.push(chunk);
  }

  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ended = true;
    this.#controller?.close();
  }

  /** The peer went away or the body failed before the core ended the response. */
  abort(reason: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#aborted = true;
    this.#controller?.error(reason);
    this.body.abort(reason);
    // Nobody reads this answer any more, but the runtime still waits for one.
    if (!this.#headed) this.#resolve(new Response(null, { status: 500 }));
  }

  #deliver(): void {
    const init = { status: this.#status, headers: this.#headers };
    if (this.#ended) {
      this.#resolve(new Response(concat(this.#pending), init));
      this.#pending = [];
      return;
    }
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const chunk of this.#pending) controller.enqueue(chunk);
        this.#pending = [];
        this.#controller = controller;
        if (this.#closed) controller.close();
      },
      cancel: (reason) => this.abort(reason ?? new Error("The response was cancelled.")),
    });
    this.#resolve(new Response(stream, init));
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
