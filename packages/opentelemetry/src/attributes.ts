// Attribute names. The rpc.* ones follow the OpenTelemetry RPC conventions; the restate.*
// ones are ours and documented in docs/guides/observability.md.
export const RPC_SYSTEM = "rpc.system";
export const RPC_SERVICE = "rpc.service";
export const RPC_METHOD = "rpc.method";

export const INVOCATION_ID = "restate.invocation.id";
export const INVOCATION_TARGET = "restate.invocation.target";
export const JOURNAL_LENGTH = "restate.journal.length";
export const REPLAYING = "restate.replaying";
export const RETRY_COUNT = "restate.attempt.retry_count";
export const OUTCOME = "restate.outcome";
export const ERROR_CODE = "restate.error.code";

export const RUN_NAME = "restate.run.name";
export const RUN_ATTEMPT = "restate.run.attempt";
export const JOURNAL_INDEX = "restate.journal.index";

export const OPERATION = "restate.operation";
export const TARGET = "restate.target";
export const CALLEE_INVOCATION_ID = "restate.callee.invocation.id";
export const DELAY_MS = "restate.delay_ms";
