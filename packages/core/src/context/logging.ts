// Where ctx.console writes. The default prints to the console; adapters plug in their own
// logger (the Fastify adapter uses Fastify's pino logger).

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

/** Who is logging: attached to every line so logs can be filtered per invocation. */
export interface LogContext {
  readonly service: string;
  readonly handler: string;
  readonly key: string | undefined;
  readonly invocationId: string;
}

export interface LogSink {
  log(level: LogLevel, context: LogContext, args: readonly unknown[]): void;
}

export const consoleSink: LogSink = {
  log(level, c, args) {
    const where = `[${c.service}${c.key ? `/${c.key}` : ""}/${c.handler}][${c.invocationId}]`;
    console[level === "trace" ? "debug" : level](where, ...args);
  },
};
