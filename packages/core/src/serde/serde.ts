// The Serde interface: the one contract every payload codec of the folder implements.

/** Turns values into payload bytes (journal entries, state, call parameters, handler I/O) and back. */
export interface Serde<T = any> {
  /** MIME type of the bytes, advertised in the discovery manifest; e.g. "application/json". */
  contentType?: string;
  /** JSON Schema of the value, for the discovery manifest. */
  jsonSchema?: object;
  /** The value as bytes. */
  serialize(value: T): Uint8Array;
  /** The value back from bytes (may validate, and throw). */
  deserialize(data: Uint8Array): T;
}
