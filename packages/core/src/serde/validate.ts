// Running a Standard Schema and turning its issues into a TerminalError a client can act on.
import { resoluteTerminalError } from "../errors/terminal-error.js";
import { messageOf } from "./serde-errors.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

// A huge invalid array would otherwise produce a megabyte of error message.
const MAX_LISTED_ISSUES = 10;

function segmentKey(segment: PropertyKey | StandardSchemaV1.PathSegment): string {
  const key = typeof segment === "object" && segment !== null ? segment.key : segment;
  return String(key);
}

/** `email: Invalid email address; items.0.qty: Too small` */
export function formatIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  if (issues.length === 0) return "Invalid value";
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = issue.path?.map(segmentKey).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length - listed.length;
  if (more > 0) listed.push(`and ${more} more issue${more === 1 ? "" : "s"}`);
  return listed.join("; ");
}

function check<T>(result: StandardSchemaV1.Result<T>): T {
  if (result.issues) throw resoluteTerminalError("RES_ERR_VALIDATION", formatIssues(result.issues));
  return result.value;
}

function run<S extends StandardSchemaV1>(schema: S, value: unknown) {
  try {
    return schema["~standard"].validate(value) as ReturnType<
      StandardSchemaV1.Props<unknown, StandardSchemaV1.InferOutput<S>>["validate"]
    >;
  } catch (e) {
    // A validator that throws instead of reporting issues still rejected the value.
    throw resoluteTerminalError("RES_ERR_VALIDATION", `Validation failed: ${messageOf(e)}`, e);
  }
}

/** Validates synchronously; an asynchronous schema is a usage error, reported as such. */
export function validateSync<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): StandardSchemaV1.InferOutput<S> {
  const result = run(schema, value);
  if (result instanceof Promise) {
    // Nobody will await it: keep a later rejection from surfacing as an unhandled rejection.
    result.catch(() => {});
    throw resoluteTerminalError(
      "RES_ERR_DEFINITION",
      `The ${schema["~standard"].vendor} schema validated asynchronously (its validate() returned a Promise), but serdes run synchronously. Use a schema without async refinements or transforms, or validate inside the handler with validateAsync(schema, value)`,
    );
  }
  return check(result);
}

/** Validates with a schema that may be asynchronous; issues become a TerminalError (400). */
export async function validateAsync<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Promise<StandardSchemaV1.InferOutput<S>> {
  return check(await run(schema, value));
}
