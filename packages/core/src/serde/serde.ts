// Serdes turn values into payload bytes and back: journal entries, state, call parameters,
// handler input and output.
import { TerminalError } from "../errors/terminal-error.js";
import { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.js";

export interface Serde<T> {
  contentType?: string;
  jsonSchema?: object;
  serialize(value: T): Uint8Array;
  deserialize(data: Uint8Array): T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

function parseJson(data: Uint8Array): unknown {
  if (data.length === 0) return undefined;
  const text = decoder.decode(data);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TerminalError(
      `The payload is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${text.length > 80 ? `${text.slice(0, 80)}…` : text}. Send a JSON body, or declare another serde for this handler.`,
      { errorCode: 400 },
    );
  }
}

const json: Serde<any> = {
  contentType: "application/json",
  serialize(value) {
    if (value === undefined) return EMPTY;
    return encoder.encode(JSON.stringify(value));
  },
  deserialize: parseJson,
};

const binary: Serde<Uint8Array> = {
  contentType: "application/octet-stream",
  serialize: (value) => value,
  deserialize: (data) => data,
};

const empty: Serde<void> = {
  serialize: () => EMPTY,
  deserialize: () => undefined,
};

function issuesMessage(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  return issues
    .map((i) => {
      const path = (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}

function validateSync<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): T {
  const r = schema["~standard"].validate(value);
  if (r instanceof Promise) {
    throw new TerminalError(
      "This schema validates asynchronously; use a synchronous schema for payloads.",
      {
        errorCode: 500,
      },
    );
  }
  if (r.issues) throw new TerminalError(issuesMessage(r.issues), { errorCode: 400 });
  return r.value;
}

function schemaSerde<T>(schema: StandardSchemaV1<unknown, T>, base: Serde<any>): Serde<T> {
  return {
    contentType: "application/json",
    serialize: (value) => base.serialize(validateSync(schema, value)),
    deserialize: (data) => validateSync(schema, base.deserialize(data)),
  };
}

export const serde = {
  json,
  /** Replaced by the rich-type serde; plain JSON until then. */
  superjson: json,
  binary,
  empty,
  schema: <T>(schema: StandardSchemaV1<unknown, T>): Serde<T> => schemaSerde(schema, json),
};

export const defaultSerde: Serde<any> = serde.superjson;

export function isSerde(x: unknown): x is Serde<unknown> {
  return (
    typeof x === "object" && x !== null && typeof (x as Serde<unknown>).serialize === "function"
  );
}

/** Handler options accept a serde, a zod schema or any Standard Schema. */
export function toSerde(
  spec: Serde<any> | StandardSchemaV1 | undefined,
  fallback: Serde<any>,
): Serde<any> {
  if (spec === undefined) return fallback;
  if (isSerde(spec)) return spec;
  if (isStandardSchema(spec)) return schemaSerde(spec, fallback);
  return fallback;
}
