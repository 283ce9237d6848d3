// Standard Schema v1 (https://standardschema.dev), the interface zod, valibot, arktype and others
// implement. Declared here from the public spec instead of taking a dependency for a few types.

/** A schema any Standard-Schema-compliant library can provide. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

/** Types of the Standard Schema v1 specification. */
export declare namespace StandardSchemaV1 {
  /** The `~standard` property of a schema. */
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    /** Validates a value: the value as the schema outputs it, or the issues. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    /** Type carrier only; never read at runtime. */
    readonly types?: Types<Input, Output> | undefined;
  }

  /** What `validate` returns. */
  type Result<Output> = SuccessResult<Output> | FailureResult;

  /** A valid value. */
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }

  /** An invalid value, with the reasons. */
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }

  /** One reason a value is invalid, and where. */
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }

  /** One step of an issue's path. */
  interface PathSegment {
    readonly key: PropertyKey;
  }

  /** The input and output types a schema carries. */
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }

  /** The input type of a schema. */
  type InferInput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["input"];
  /** The output type of a schema. */
  type InferOutput<S extends StandardSchemaV1> = NonNullable<S["~standard"]["types"]>["output"];
}

/**
 * The Standard JSON Schema extension: a schema that can describe itself as JSON Schema. Only the
 * part Resolute reads is declared.
 */
export interface StandardJsonSchemaV1 {
  readonly "~standard": {
    readonly jsonSchema: {
      /** The JSON Schema of the values the schema accepts. */
      readonly input: (options: StandardJsonSchemaV1.Options) => Record<string, unknown>;
      /** The JSON Schema of the values the schema produces. */
      readonly output: (options: StandardJsonSchemaV1.Options) => Record<string, unknown>;
    };
  };
}

/** Types of the Standard JSON Schema specification. */
export declare namespace StandardJsonSchemaV1 {
  /** Which JSON Schema dialect to produce. */
  interface Options {
    readonly target: "draft-2020-12" | "draft-07" | "openapi-3.0" | (string & {});
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
}

export function isStandardSchema(x: unknown): x is StandardSchemaV1 {
  // Functions too: arktype's types are callable.
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return false;
  const props = (x as { "~standard"?: unknown })["~standard"];
  return (
    typeof props === "object" &&
    props !== null &&
    (props as { version?: unknown }).version === 1 &&
    typeof (props as { validate?: unknown }).validate === "function"
  );
}
