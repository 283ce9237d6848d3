// What `bind` turns a definition into: per handler, its kind and resolved serdes.

import {
  type AnyHandlerFn,
  type HandlerKind,
  type HandlerOptions,
  handlerMark,
} from "../context/handler-options.js";
import type { HooksProvider } from "../context/hooks.js";
import type { Definition, DefinitionKind } from "../definition/definitions.js";
import { ResoluteError } from "../errors/resolute-error.js";
import { defaultSerde, type Serde, toSerde } from "../serde/index.js";

export interface BoundHandler {
  readonly service: string;
  readonly name: string;
  readonly serviceKind: DefinitionKind;
  readonly kind: HandlerKind | undefined;
  readonly fn: AnyHandlerFn;
  readonly options: HandlerOptions;
  readonly input: Serde<any>;
  readonly output: Serde<any>;
  /** Service hooks, then handler hooks. */
  readonly hooks: readonly HooksProvider[];
  readonly stateSerdes: StateSerdes;
}

export interface BoundService {
  readonly definition: Definition;
  readonly handlers: ReadonlyMap<string, BoundHandler>;
}

/** Serdes of state keys declared with `state: { key: schema }` on the definition. */
export type StateSerdes = ReadonlyMap<string, Serde<any>>;

const SERVICE_NAME = /^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9._-]*$/;
const HANDLER_NAME = /^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9_]*$/;

export function bindDefinition(def: Definition): BoundService {
  if (!def || typeof def.name !== "string" || typeof def.handlers !== "object") {
    throw new ResoluteError(
      "RES_ERR_DEFINITION",
      "bind() takes a definition made by service(), object() or workflow().",
    );
  }
  if (!SERVICE_NAME.test(def.name)) {
    throw new ResoluteError(
      "RES_ERR_DEFINITION",
      `Invalid service name "${def.name}": use letters, digits, ".", "_" and "-", starting with a letter.`,
    );
  }
  const handlers = new Map<string, BoundHandler>();
  const stateSerdes: StateSerdes = new Map(
    Object.entries(def.state ?? {}).map(([key, spec]) => [key, toSerde(spec, defaultSerde)]),
  );
  for (const [name, fn] of Object.entries(def.handlers as Record<string, AnyHandlerFn>)) {
    if (typeof fn !== "function") {
      throw new ResoluteError(
        "RES_ERR_DEFINITION",
        `Handler "${def.name}/${name}" is not a function.`,
      );
    }
    if (!HANDLER_NAME.test(name)) {
      throw new ResoluteError(
        "RES_ERR_DEFINITION",
        `Invalid handler name "${def.name}/${name}": use letters, digits and "_", starting with a letter.`,
      );
    }
    const mark = handlerMark(fn);
    const options = mark?.options ?? {};
    handlers.set(name, {
      service: def.name,
      name,
      serviceKind: def.kind,
      kind: kindOf(def.kind, name, mark?.kind),
      fn,
      options,
      input: toSerde(options.input, defaultSerde),
      output: toSerde(options.output, defaultSerde),
      hooks: [...(def.options?.hooks ?? []), ...(options.hooks ?? [])],
      stateSerdes,
    });
  }
  if (def.kind === "workflow" && ![...handlers.values()].some((h) => h.kind === "workflow")) {
    throw new ResoluteError("RES_ERR_DEFINITION", `Workflow "${def.name}" needs a "run" handler.`);
  }
  return { definition: def, handlers };
}

function kindOf(
  service: DefinitionKind,
  name: string,
  explicit: HandlerKind | undefined,
): HandlerKind | undefined {
  if (service === "service") return undefined;
  if (explicit) return explicit;
  if (service === "object") return "exclusive";
  return name === "run" ? "workflow" : "shared";
}
