// Serdes that validate with a schema, both ways, over the default (rich-JSON) wire form: plain
// values stay plain JSON for curl and other SDKs, and `z.date()`, `z.bigint()`, `z.map()`… still
// round-trip because the Date/BigInt/Map comes back as itself before validation sees it.
import { ResoluteError } from "../errors/resolute-error.js";
import { JSON_CONTENT_TYPE } from "./json.js";
import { jsonSchemaOf } from "./json-schema.js";
import { deserializeRichJson, serializeRichJson } from "./rich-json.js";
import type { Serde } from "./serde.js";
import { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.js";
import { validateSync } from "./validate.js";

/** Options of `serde.schema(s)`: the JSON Schema to publish when the schema cannot describe itself. */
export interface SchemaSerdeOptions {
  /** JSON Schema for the discovery manifest, when the schema cannot describe itself. */
  jsonSchema?: object;
}

export function schemaSerde<S extends StandardSchemaV1>(
  schema: S,
  options: SchemaSerdeOptions = {},
): Serde<StandardSchemaV1.InferOutput<S>> {
  if (!isStandardSchema(schema)) {
    throw new ResoluteError(
      "RES_ERR_DEFINITION",
      "serde.schema() takes a Standard Schema (an object with a `~standard` property, version 1), such as a zod, valibot or arktype schema.",
    );
  }
  const s: Serde<StandardSchemaV1.InferOutput<S>> = {
    contentType: JSON_CONTENT_TYPE,
    serialize(value) {
      // Checked, then written as given: writing the schema's output instead would apply
      // transforms twice (once here, once when the reader validates).
      validateSync(schema, value);
      return serializeRichJson(value);
    },
    deserialize(data) {
      return validateSync(schema, deserializeRichJson(data));
    },
  };
  const jsonSchema = options.jsonSchema ?? jsonSchemaOf(schema);
  if (jsonSchema !== undefined) s.jsonSchema = jsonSchema;
  return Object.freeze(s);
}

/**
 * `serde.schema` for zod 4 (classic or mini). zod schemas are Standard Schemas, so they are
 * typed as such: the declarations never name zod, and a project without zod still compiles.
 */
export function zodSerde<S extends StandardSchemaV1>(
  schema: S,
  options: SchemaSerdeOptions = {},
): Serde<StandardSchemaV1.InferOutput<S>> {
  return schemaSerde(schema, options);
}
