// Which context operations a handler kind may use: state needs an object or workflow, and
// only exclusive handlers and a workflow's run may change it.
import { ResoluteError } from "../errors/resolute-error.js";
import type { ContextSetup } from "./context-setup.js";

export function misuse(s: ContextSetup, op: string, rule: string): ResoluteError {
  const kind = s.access === "service" ? "service" : s.access === "shared" ? "shared" : s.access;
  return new ResoluteError(
    "RES_ERR_CONTEXT_MISUSE",
    `ctx.${op} is not available in ${kind} handler ${s.service}/${s.handler}: ${rule}`,
  );
}

export function canRead(s: ContextSetup, op: string): void {
  if (s.access === "service")
    throw misuse(
      s,
      op,
      "state belongs to virtual objects and workflows; use object() or workflow().",
    );
}

export function canWrite(s: ContextSetup, op: string): void {
  canRead(s, op);
  if (s.access === "shared") {
    throw misuse(
      s,
      op,
      "shared handlers may read state but only exclusive handlers and a workflow's run may change it.",
    );
  }
}
