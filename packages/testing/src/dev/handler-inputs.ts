// Which handlers of the served endpoint take input, read from the code rather than from the
// manifest: like the official SDK, the manifest announces an optional JSON input for every
// handler (so callers may send a body or none), which cannot tell `current(ctx)` from
// `greet(ctx, name)`. The handler's own declaration can: its arity, or an input it declares.
import { handlerMark } from "@resolute/core/adapter";

/** Per service, per handler: whether it takes input. */
export type HandlerInputs = Record<string, Record<string, boolean>>;

interface DefinitionLike {
  handlers?: Record<string, unknown>;
}

/** Whether a handler function takes input: a second parameter, or a declared input spec. */
export function takesInput(fn: unknown): boolean {
  if (typeof fn !== "function") return false;
  // handlerMark reads a global symbol, so it also sees marks made by the user's own copy of core.
  return (
    fn.length >= 2 ||
    handlerMark(fn as Parameters<typeof handlerMark>[0])?.options.input !== undefined
  );
}

/** The handlers' inputs of an endpoint built with `endpoint()`, or undefined for another kind. */
export function handlerInputs(endpoint: unknown): HandlerInputs | undefined {
  const definitions = (endpoint as { definitions?: unknown } | null)?.definitions;
  if (!(definitions instanceof Map)) return undefined;
  const out: HandlerInputs = {};
  for (const [name, definition] of definitions as Map<string, DefinitionLike>) {
    const handlers: Record<string, boolean> = {};
    for (const [handler, fn] of Object.entries(definition?.handlers ?? {})) {
      handlers[handler] = takesInput(fn);
    }
    out[name] = handlers;
  }
  return out;
}
