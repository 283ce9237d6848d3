// ctx.console: writes through the endpoint's log sink with the invocation's identity, and stays
// silent while the handler replays, so each line appears once however often the code runs.
import type { ContextSetup } from "./context-setup.js";
import type { LogContext, LogLevel } from "./logging.js";
import type { ContextConsole } from "./types.js";

/** The log context plus the fields the attempt's hooks add to this line. */
function withFields(
  context: LogContext,
  hooks: readonly (() => Readonly<Record<string, string>> | undefined)[],
): LogContext {
  let fields: Record<string, string> | undefined;
  for (const h of hooks) {
    const f = h();
    if (f) fields = fields ? { ...fields, ...f } : { ...f };
  }
  return fields ? { ...context, fields } : context;
}

export function replayAwareConsole(s: ContextSetup): ContextConsole {
  const vm = s.inv.vm;
  const context: LogContext = {
    service: s.service,
    handler: s.handler,
    key: vm.key === "" ? undefined : vm.key,
    invocationId: vm.invocationId,
  };
  const at =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      if (vm.replaying) return;
      const hooks = s.inv.logFields;
      s.logger.log(level, hooks === undefined ? context : withFields(context, hooks), args);
    };
  return {
    log: at("info"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    debug: at("debug"),
    trace: at("trace"),
  };
}
