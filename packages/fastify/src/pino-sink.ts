// ctx.console through Fastify's logger: each line carries the invocation's coordinates as
// structured fields, so pino output can be filtered per service, key or invocation.
import { format } from "node:util";
import type { LogSink } from "@resolute/core";
import type { FastifyBaseLogger } from "fastify";

export function pinoSink(log: FastifyBaseLogger): LogSink {
  return {
    log(level, c, args) {
      const fields = {
        service: c.service,
        handler: c.handler,
        key: c.key,
        invocationId: c.invocationId,
      };
      log[level](fields, format(...args));
    },
  };
}
