// Where a call or an attach goes, and how that becomes command fields.
import type { CommandMessage } from "../protocol/messages.js";

export interface CallTarget {
  service: string;
  handler: string;
  key?: string | undefined;
  idempotencyKey?: string | undefined;
  headers?: { key: string; value: string }[] | undefined;
  name?: string | undefined;
}

export type InvocationTarget =
  | { invocationId: string }
  | { workflowTarget: { workflowName: string; workflowKey: string } }
  | {
      idempotentRequestTarget: {
        serviceName: string;
        serviceKey?: string;
        handlerName: string;
        idempotencyKey: string;
      };
    };

export function callFields(t: CallTarget): CommandMessage {
  const cmd: CommandMessage = { serviceName: t.service, handlerName: t.handler };
  if (t.headers && t.headers.length > 0) cmd.headers = t.headers;
  if (t.key !== undefined) cmd.key = t.key;
  if (t.idempotencyKey !== undefined) cmd.idempotencyKey = t.idempotencyKey;
  if (t.name) cmd.name = t.name;
  return cmd;
}
