// ctx.console through pino: each line carries the invocation's coordinates as structured
// fields, so logs can be filtered per service, key or invocation. When the app logs, its
// logger is used; otherwise a pino logger is created on the first line, so an app without
// logging pays nothing, not even loading pino, until something is logged.
import { createRequire } from "node:module";
import { format } from "node:util";
import type { LogSink } from "@resolute/core";
import type { FastifyBaseLogger } from "fastify";

export type Logger = Pick<FastifyBaseLogger, "trace" | "debug" | "info" | "warn" | "error">;

/** Fastify's `logger` option: `true`, or pino options plus Fastify's `stream` and `file`. */
export type LoggerOption =
  | boolean
  | (Record<string, unknown> & { stream?: unknown; file?: string });

interface Pino {
  (options?: object, stream?: unknown): Logger;
  destination(file: string): unknown;
}

const loadPino = (): Pino => createRequire(import.meta.url)("pino") as Pino;

/**
 * The logger for a `logger` option, built as Fastify builds it. Off (`false` or absent): pino
 * at level info, created on its first line.
 */
export function loggerFor(option: LoggerOption | undefined): Logger {
  if (option === undefined || option === false) return lazyInfoLogger();
  const pino = loadPino();
  if (option === true) return pino();
  const { stream, file, ...rest } = option;
  const destination = stream ?? (file === undefined ? undefined : pino.destination(file));
  return destination === undefined ? pino(rest) : pino(rest, destination);
}

function lazyInfoLogger(): Logger {
  let real: Logger | undefined;
  const at =
    (level: keyof Logger) =>
    (...args: unknown[]): void => {
      real ??= loadPino()({ level: "info" });
      (real[level] as (...a: unknown[]) => void).apply(real, args);
    };
  return {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
  } as Logger;
}

export function pinoSink(log: Logger): LogSink {
  return {
    log(level, c, args) {
      const fields = {
        service: c.service,
        handler: c.handler,
        key: c.key,
        invocationId: c.invocationId,
        ...c.fields,
      };
      log[level](fields, format(...args));
    },
  };
}

/** Fastify's logger when it is on; else pino at level info, created when first needed. */
export function sinkFor(appLog: FastifyBaseLogger): LogSink {
  return pinoSink(appLog.level !== undefined ? appLog : lazyInfoLogger());
}
