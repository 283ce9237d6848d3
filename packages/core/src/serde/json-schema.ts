// JSON Schema for the discovery manifest, from whatever the payload spec can tell about itself.
// Best effort throughout: a schema that cannot be described yields `undefined`, never an error,
// because a missing schema only makes the manifest less descriptive.
import { isSerde } from "./is-serde.js";
import { isStandardSchema, type StandardJsonSchemaV1 } from "./standard-schema.js";

// zod-specific: describe Date, bigint and friends as `{}` (any) instead of throwing.
const ZOD_OPTIONS = { unrepresentable: "any" } as const;

function attempt(produce: () => unknown): object | undefined {
  try {
    const schema = produce();
    return typeof schema === "object" && schema !== null ? schema : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The JSON Schema of a serde (its `jsonSchema`) or of a Standard Schema. Schemas describe their
 * input side: that is what the wire carries and what deserialize validates.
 */
export function jsonSchemaOf(spec: unknown): object | undefined {
  if (isSerde(spec)) return spec.jsonSchema;
  if (!isStandardSchema(spec)) return undefined;
  const props = spec["~standard"] as Partial<StandardJsonSchemaV1["~standard"]>;
  const converter = props.jsonSchema;
  if (typeof converter?.input === "function") {
    const input = converter.input;
    const viaStandard = attempt(() =>
      input({ target: "draft-2020-12", libraryOptions: ZOD_OPTIONS }),
    );
    if (viaStandard) return viaStandard;
  }
  // zod 4 classic before Standard JSON Schema support. zod is not imported at runtime (it adds
  // ~45 ms to cold start for users who never touch it), so zod mini needs `jsonSchema` passed in.
  const toJsonSchema = (spec as { toJSONSchema?: unknown }).toJSONSchema;
  if (spec["~standard"].vendor === "zod" && typeof toJsonSchema === "function") {
    return attempt(() => toJsonSchema.call(spec, { ...ZOD_OPTIONS, io: "input" }));
  }
  return undefined;
}
