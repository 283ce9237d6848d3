// State keys travel as UTF-8. A string with a lone surrogate has no UTF-8 form: it would be
// written as U+FFFD, readable once from this attempt's cache and then lost, so it is refused.
import { ResoluteError } from "../errors/resolute-error.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkStateKey(key: unknown, op: string): void {
  if (typeof key === "string" && !LONE_SURROGATE.test(key)) return;
  const problem =
    typeof key !== "string"
      ? `it is ${key === null ? "null" : `a ${typeof key}`}, not a string`
      : "it contains a lone UTF-16 surrogate, which has no UTF-8 form (it would be stored as U+FFFD and never found again)";
  let shown: string;
  try {
    shown = JSON.stringify(key) ?? String(key);
  } catch {
    shown = typeof key;
  }
  throw new ResoluteError(
    "RES_ERR_INVALID_ARGUMENT",
    `Invalid state key ${shown} for ctx.${op}: ${problem}. Use a well-formed string, e.g. build keys from ids rather than from sliced user text.`,
  );
}
