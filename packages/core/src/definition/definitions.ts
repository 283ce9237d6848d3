// service(), object(), workflow(): plain-object definitions. The handler functions stay on the
// definition so their types flow to clients; the endpoint reads everything else at bind time.
import type { CommonOptions, PayloadSpec } from "../context/handler-options.js";

/** The three kinds of service Restate knows. */
export type DefinitionKind = "service" | "object" | "workflow";

/** Options of a whole service, object or workflow (timeouts, retention, retry policy, ...). */
export interface ServiceOptions extends CommonOptions {}

/** A service, object or workflow definition: what `service()`, `object()` and `workflow()` return. */
export interface Definition<
  TName extends string = string,
  THandlers = any,
  TKind extends DefinitionKind = DefinitionKind,
> {
  readonly name: TName;
  readonly kind: TKind;
  readonly handlers: THandlers;
  readonly options: ServiceOptions | undefined;
  readonly description: string | undefined;
  readonly metadata: Record<string, string> | undefined;
  /** Per state key: the serde or schema its values are written and read with (objects, workflows). */
  readonly state: Readonly<Record<string, PayloadSpec>> | undefined;
}

/** A definition made by `service()`. */
export type ServiceDefinition<TName extends string = string, THandlers = any> = Definition<
  TName,
  THandlers,
  "service"
>;
/** A definition made by `object()`. */
export type ObjectDefinition<TName extends string = string, THandlers = any> = Definition<
  TName,
  THandlers,
  "object"
>;
/** A definition made by `workflow()`. */
export type WorkflowDefinition<TName extends string = string, THandlers = any> = Definition<
  TName,
  THandlers,
  "workflow"
>;

export interface DefinitionInput<TName extends string, THandlers> {
  name: TName;
  handlers: THandlers;
  options?: ServiceOptions;
  description?: string;
  metadata?: Record<string, string>;
  /**
   * Per state key, a serde, zod schema or Standard Schema: `ctx.set` validates before writing
   * and `ctx.get` validates what it reads.
   */
  state?: Record<string, PayloadSpec>;
}

function define<TKind extends DefinitionKind>(kind: TKind) {
  return <
    const TName extends string,
    THandlers extends Record<string, (ctx: any, input: any) => any>,
  >(
    def: DefinitionInput<TName, THandlers>,
  ): Definition<TName, THandlers, TKind> => ({
    name: def.name,
    kind,
    handlers: def.handlers,
    options: def.options,
    description: def.description ?? def.options?.description,
    metadata: def.metadata ?? def.options?.metadata,
    state: def.state,
  });
}

/**
 * A stateless service.
 * @typeParam THandlers - its handlers, by name: `(ctx: Context, input) => result`
 */
export const service = define("service");
/**
 * A virtual object: keyed, with state; exclusive handlers by default, shared on request.
 * @typeParam THandlers - its handlers, by name: `(ctx: ObjectContext, input) => result`
 */
export const object = define("object");
/**
 * A workflow: `run` executes once per key; the other handlers are shared.
 * @typeParam THandlers - its handlers, by name: `run` and the shared ones
 */
export const workflow = define("workflow");
