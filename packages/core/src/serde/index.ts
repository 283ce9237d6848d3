// The serde folder's surface, for the rest of the core and for the package's entry points.
export { defaultSerde, serde } from "./builtin.js";
export { isSerde } from "./is-serde.js";
export { jsonSchemaOf } from "./json-schema.js";
export type { SchemaSerdeOptions } from "./schema.js";
export type { Serde } from "./serde.js";
export type { StandardJsonSchemaV1, StandardSchemaV1 } from "./standard-schema.js";
export { toSerde } from "./to-serde.js";
export { validateAsync } from "./validate.js";
