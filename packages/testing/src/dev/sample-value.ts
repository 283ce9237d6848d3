// A sample value for a JSON Schema, for the curl lines `resolute dev` prints. Best effort: it
// prefers what the schema says about itself (examples, default, const, enum), then the first
// value its type and bounds allow. Unknown shapes give `null` rather than failing.

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

export function sampleValue(schema: unknown): unknown {
  return sample(schema, schema, "", 0);
}

function sample(schema: unknown, root: unknown, name: string, depth: number): unknown {
  if (typeof schema !== "object" || schema === null || depth > MAX_DEPTH) return null;
  const s = resolveRef(schema as Schema, root);
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ("default" in s) return s.default;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const first = options.find((o) => (o as Schema)?.type !== "null") ?? options[0];
      return sample(first, root, name, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return sampleObject(s, root, depth);
    case "array": {
      const item = sample(s.items, root, name, depth + 1);
      const min = typeof s.minItems === "number" ? s.minItems : 1;
      return Array.from({ length: Math.max(1, Math.min(min, 3)) }, () => item);
    }
    case "string":
      return sampleString(s, name);
    case "integer":
    case "number":
      return sampleNumber(s, type);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return s.properties ? sampleObject(s, root, depth) : null;
  }
}

function sampleObject(s: Schema, root: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const names = Object.keys(properties);
  // Required properties only, unless none are marked: then all, so the sample shows the shape.
  for (const key of required.size > 0 ? names.filter((n) => required.has(n)) : names) {
    out[key] = sample(properties[key], root, key, depth + 1);
  }
  return out;
}

function sampleString(s: Schema, name: string): string {
  switch (s.format) {
    case "email":
      return "ann@example.com";
    case "uuid":
      return "6f1c3c2e-8a51-4e1b-9a7e-2f3b1c0d4e5f";
    case "date-time":
      return "2025-01-01T12:00:00Z";
    case "date":
      return "2025-01-01";
    case "uri":
    case "url":
      return "https://example.com";
  }
  const text = name || "text";
  const min = typeof s.minLength === "number" ? s.minLength : 0;
  const max = typeof s.maxLength === "number" ? s.maxLength : Number.POSITIVE_INFINITY;
  return text.padEnd(min, "x").slice(0, Math.max(min, Math.min(max, text.length)));
}

function sampleNumber(s: Schema, type: "integer" | "number"): number {
  let value = 1;
  if (typeof s.minimum === "number") value = Math.max(value, s.minimum);
  if (typeof s.exclusiveMinimum === "number") value = Math.max(value, s.exclusiveMinimum + 1);
  if (typeof s.maximum === "number") value = Math.min(value, s.maximum);
  if (typeof s.exclusiveMaximum === "number") value = Math.min(value, s.exclusiveMaximum - 1);
  return type === "integer" ? Math.ceil(value) : value;
}

/** Follows a local `$ref` ("#/$defs/X"); anything else is left as it is. */
function resolveRef(s: Schema, root: unknown): Schema {
  const ref = s.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return s;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Schema | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return typeof node === "object" && node !== null ? (node as Schema) : s;
}
