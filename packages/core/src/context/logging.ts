// Where ctx.console writes. The default prints to the console; adapters plug in their own
// logger (the Fastify adapter uses Fastify's pino logger).
import { userFrameOf } from "./user-frame.js";

/** The levels of `ctx.console` and of the endpoint's own logging. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

/** Who is logging: attached to every line so logs can be filtered per invocation. */
export interface LogContext {
  readonly service: string;
  readonly handler: string;
  readonly key: string | undefined;
  readonly invocationId: string;
  /** Extra fields from hooks, e.g. `trace_id` and `span_id` when tracing is on. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
}

/** Where log lines go: the default prints to the console; adapters plug in their logger. */
export interface LogSink {
  /** Writes one line. */
  log(level: LogLevel, context: LogContext, args: readonly unknown[]): void;
}

/** The default {@link LogSink}: `console`, each line prefixed with service, key, handler and invocation id. */
export const consoleSink: LogSink = {
  log(level, c, args) {
    let where = `[${c.service}${c.key ? `/${c.key}` : ""}/${c.handler}][${c.invocationId}]`;
    // A failed attempt's stack is for structured sinks: printed here it would break the line.
    if (c.fields)
      for (const k in c.fields) if (k !== "errorStack") where += `[${k}=${c.fields[k]}]`;
    console[level === "trace" ? "debug" : level](where, ...args);
  },
};

/** What the endpoint logs when an attempt fails and the server will retry it. */
export interface AttemptFailure {
  readonly context: LogContext;
  /** 1 for the first attempt since the journal last grew. */
  readonly attempt: number;
  readonly code: number;
  readonly message: string;
  /** The error's stack, if it had one: its first frame in user code is named in the line. */
  readonly stacktrace?: string | undefined;
}

/**
 * Logs each failed attempt once, as a warning, so a retrying invocation is visible in the
 * endpoint's own logs. Rate-limited: at most `burst` lines per window; the next line that gets
 * through says how many were left out, so a failure storm cannot flood the log.
 */
export class AttemptFailureLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private dropped = 0;
  private readonly sink: LogSink;
  private readonly burst: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(sink: LogSink, burst = 20, windowMs = 10_000, now: () => number = Date.now) {
    this.sink = sink;
    this.burst = burst;
    this.windowMs = windowMs;
    this.now = now;
  }

  failed(f: AttemptFailure): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.logged = 0;
    }
    if (this.logged >= this.burst) {
      this.dropped++;
      return;
    }
    this.logged++;
    const c = f.context;
    const more =
      this.dropped > 0 ? ` (${this.dropped} more failed attempts were not logged before this)` : "";
    this.dropped = 0;
    // The attempt number and code are also fields, so a structured log can filter on them; the
    // whole stack is one too, while the line names only the first frame in the user's code.
    const fields: Record<string, string> = {
      ...c.fields,
      attempt: String(f.attempt),
      errorCode: String(f.code),
    };
    if (f.stacktrace) fields.errorStack = f.stacktrace;
    const frame = userFrameOf(f.stacktrace);
    const at = frame === undefined ? "" : ` (at ${frame})`;
    this.sink.log("warn", { ...c, fields }, [
      `Attempt ${f.attempt} of ${c.service}/${c.handler} (invocation ${c.invocationId}) failed, the server will retry it: [${f.code}] ${f.message}${at}${more}`,
    ]);
  }
}
