// The Serde interface, and the public surface of the serde folder.
import { binarySerde, emptySerde } from "./binary.js";
import { jsonSerde } from "./json.js";
import { richJsonSerde } from "./rich-json.js";
import { schemaSerde, zodSerde } from "./schema.js";

/** Turns values into payload bytes (journal entries, state, call parameters, handler I/O) and back. */
export interface Serde<T = any> {
  /** MIME type of the bytes, advertised in the discovery manifest; e.g. "application/json". */
  contentType?: string;
  /** JSON Schema of the value, for the discovery manifest. */
  jsonSchema?: object;
  serialize(value: T): Uint8Array;
  deserialize(data: Uint8Array): T;
}

export const serde = Object.freeze({
  /** Plain JSON.stringify / JSON.parse; `undefined` <-> empty payload. */
  json: jsonSerde,
  /** The default: plain JSON for plain values, superjson for Date, Map, Set, BigInt… */
  superjson: richJsonSerde,
  /** Raw bytes, passed through; application/octet-stream. */
  binary: binarySerde,
  /** No payload: writes empty bytes, ignores whatever it reads. */
  empty: emptySerde,
  /** Validates with any Standard Schema on serialize and deserialize. */
  schema: schemaSerde,
  /** Validates with a zod 4 schema, and describes it as JSON Schema. */
  zod: zodSerde,
});

/** What payloads use when nothing else is given. */
export const defaultSerde: Serde<any> = richJsonSerde;

export { isSerde } from "./is-serde.js";
export { jsonSchemaOf } from "./json-schema.js";
export type { SchemaSerdeOptions } from "./schema.js";
export { toSerde } from "./to-serde.js";
export { validateAsync } from "./validate.js";
