// What the handlers of a test context did, for assertions: plain arrays the test reads.

export interface RecordedCall {
  service: string;
  handler: string;
  key: string | undefined;
  input: unknown;
  /** The call's or send's idempotency key, when it has one. */
  idempotencyKey?: string;
}

export interface RecordedSend extends RecordedCall {
  delayMs: number;
}

export class Recorder {
  /** Names of the `ctx.run` closures that executed (not replayed). */
  readonly runs: string[] = [];
  readonly sleeps: { name: string; ms: number }[] = [];
  readonly sends: RecordedSend[] = [];
  readonly calls: RecordedCall[] = [];
  /** Ids of the awakeables handlers wait on, in the order they were first awaited. */
  readonly awakeables: string[] = [];

  awakeable(id: string): void {
    if (!this.awakeables.includes(id)) this.awakeables.push(id);
  }
}
