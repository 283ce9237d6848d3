// The official SDK's logger shape (a LoggerTransport function), adapted onto Resolute's LogSink
// so ported `endpoint().setLogger(transport)` code keeps working.
import type { LogContext, LogLevel, LogSink } from "../context/logging.js";

/** Who wrote a line: the endpoint itself (SYSTEM) or the handler through ctx.console (USER). */
export type LogSource = "SYSTEM" | "JOURNAL" | "USER";

/** Who is logging, with the official SDK's field names. */
export interface LoggerContext {
  readonly invocationId: string;
  readonly serviceName: string;
  readonly handlerName: string;
  readonly key?: string | undefined;
  /** `service/handler`, or `service/key/handler` for objects and workflows. */
  readonly invocationTarget: string;
  /** Extra fields from hooks (e.g. trace ids) and, for failed attempts, attempt, error code and stack. */
  readonly additionalContext?: { readonly [name: string]: string } | undefined;
}

/** What a transport is told about each line. */
export interface LogMetadata {
  readonly source: LogSource;
  readonly level: LogLevel;
  /**
   * Always false: ctx.console drops lines while the handler replays before they reach the
   * transport (the official SDK hands them over flagged and its default transport drops them).
   */
  readonly replaying: boolean;
  readonly context?: LoggerContext | undefined;
}

/** A function receiving every log line; filter levels inside it, as with the official SDK. */
export type LoggerTransport = (meta: LogMetadata, message?: unknown, ...params: unknown[]) => void;

function loggerContext(c: LogContext): LoggerContext {
  const target =
    c.key === undefined ? `${c.service}/${c.handler}` : `${c.service}/${c.key}/${c.handler}`;
  return {
    invocationId: c.invocationId,
    serviceName: c.service,
    handlerName: c.handler,
    key: c.key,
    invocationTarget: target,
    additionalContext: c.fields,
  };
}

/** A LogSink writing through a transport, tagging each line with `source`. */
export function transportSink(transport: LoggerTransport, source: LogSource): LogSink {
  return {
    log(level, context, args) {
      transport({ source, level, replaying: false, context: loggerContext(context) }, ...args);
    },
  };
}
