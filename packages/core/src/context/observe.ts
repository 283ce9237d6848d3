// Tells the attempt's observers (hooks) about a durable operation the handler issued, and
// when its result arrived. Called only when observers exist, so handlers without hooks
// allocate nothing for it.
import { FailureCodes } from "../errors/codes.js";
import type { Handle } from "../vm/result.js";
import type { Operation, OperationKind } from "./hooks.js";
import type { Invocation } from "./invocation.js";

const NO_HANDLE: Handle = 0;

export function observe(
  inv: Invocation,
  kind: OperationKind,
  method: string,
  target: string,
  replayed: boolean,
  /** The handle whose arrival ends the operation; omitted for operations without a result. */
  handle?: Handle,
  /** Calls and sends: the handle of the callee's invocation id. */
  idHandle?: Handle,
  delayMs?: number,
): void {
  const observers = inv.observers;
  if (observers === undefined || inv.vm.closed || handle === NO_HANDLE) return;
  const op: Operation = {
    kind,
    method,
    target,
    replayed,
    delayMs,
    calleeInvocationId: () => {
      const r = idHandle === undefined ? undefined : inv.vm.result(idHandle);
      return r?.kind === "invocationId" ? r.invocationId : undefined;
    },
  };
  for (const o of observers) {
    const end = o.operation(op);
    if (end === undefined || handle === undefined) continue;
    inv.watch(handle, (r) =>
      end({
        failure:
          r.kind === "failure"
            ? { code: r.failure.code ?? FailureCodes.INTERNAL, message: r.failure.message ?? "" }
            : undefined,
      }),
    );
  }
}

/** `Service/handler`, or `Service/key/handler` for objects and workflows. */
export function targetName(service: string, handler: string, key: string | undefined): string {
  return key === undefined ? `${service}/${handler}` : `${service}/${key}/${handler}`;
}
