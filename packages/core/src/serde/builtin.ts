// The serdes users pick by name (`serde.json`, `serde.zod(schema)`, …) and the default one.
import { binarySerde, emptySerde } from "./binary.js";
import { jsonSerde } from "./json.js";
import { richJsonSerde } from "./rich-json.js";
import { schemaSerde, zodSerde } from "./schema.js";
import type { Serde } from "./serde.js";

/** The built-in serdes: `json`, `superjson` (the default), `binary`, and `schema(s)`/`zod(s)` from a schema. */
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
