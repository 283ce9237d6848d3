// ctx.console through pino: each line carries the invocation's coordinates as structured
// fields, so logs can be filtered per service, key or invocation. When the Fastify app logs,
// its logger is used; otherwise a pino logger is created on the first line, so an app without
// logging pays nothing per request (Fastify's own request loggers cost CPU on every request).
import { createRequire } from "node:module";
import { format } from "node:util";
import type { LogSink } from "@resolute/core";
import type { FastifyBaseLogger } from "fastify";

type Logger = Pick<FastifyBaseLogger, "trace" | "debug" | "info" | "warn" | "error">;

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
  if (appLog.level !== undefined) return pinoSink(appLog);
  let lazy: LogSink | undefined;
  return {
    log(level, c, args) {
      if (!lazy) {
        const pino = createRequire(import.meta.url)("pino") as (o: { level: string }) => Logger;
        lazy = pinoSink(pino({ level: "info" }));
      }
      lazy.log(level, c, args);
    },
  };
}
