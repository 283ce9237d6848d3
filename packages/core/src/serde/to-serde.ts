// Handler options and clients accept a serde, a zod schema or any Standard Schema.
import { ResoluteError } from "../errors/resolute-error.js";
import { isSerde } from "./is-serde.js";
import { schemaSerde } from "./schema.js";
import type { Serde } from "./serde.js";
import { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.js";

// Bound once per schema: building the serde computes its JSON Schema, which callers resolving
// a spec per call should not pay for every time.
const fromSchema = new WeakMap<object, Serde<any>>();

/** A serde from a payload spec: a serde as it is, a Standard Schema wrapped, `undefined` the fallback. */
export function toSerde<T = any>(
  spec: Serde<T> | StandardSchemaV1<unknown, T> | undefined,
  fallback: Serde<T>,
): Serde<T> {
  if (spec === undefined || spec === null) return fallback;
  if (isSerde(spec)) return spec;
  if (isStandardSchema(spec)) {
    let s = fromSchema.get(spec);
    if (s === undefined) {
      s = schemaSerde(spec);
      fromSchema.set(spec, s);
    }
    return s as Serde<T>;
  }
  throw new ResoluteError(
    "RES_ERR_DEFINITION",
    "Expected a serde (an object with serialize and deserialize) or a Standard Schema such as a zod schema.",
  );
}
