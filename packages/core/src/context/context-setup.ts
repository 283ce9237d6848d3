// What a handler's context is built from: the invocation, serdes, logging and what the handler
// kind allows. One per invocation, shared by the context's parts.
import type { Serde } from "../serde/serde.js";
import type { Invocation } from "./invocation.js";
import type { LogSink } from "./logging.js";
import type { PayloadResolver } from "./rpc.js";
import type { Request } from "./types.js";

export interface ContextSetup {
  readonly inv: Invocation;
  readonly serde: Serde<any>;
  readonly binary: Serde<Uint8Array>;
  readonly resolve: PayloadResolver;
  readonly request: () => Request;
  readonly service: string;
  readonly handler: string;
  readonly logger: LogSink;
  /** What the handler may do: "service", "shared" (object/workflow shared), "exclusive", "workflow". */
  readonly access: "service" | "shared" | "exclusive" | "workflow";
  /** Workflow handlers (run and shared) may use durable promises. */
  readonly inWorkflow: boolean;
  /** Serdes declared per state key on the definition. */
  readonly stateSerdes: ReadonlyMap<string, Serde<any>>;
}
