// InvocationIdParser: turns a string (from a log, a database, a request) into an InvocationId
// for ctx.attach / ctx.cancel, under the official SDK's name and with its check.
import type { InvocationId } from "../context/request.js";
import { ResoluteError } from "../errors/resolute-error.js";

const PREFIX = "inv";

/** Reads invocation ids written as strings, e.g. `inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz`. */
export const InvocationIdParser = {
  /** The id, checked to be a string starting with `inv` (the Restate server's prefix). */
  fromString(id: string): InvocationId {
    if (typeof id !== "string" || !id.startsWith(PREFIX)) {
      throw new ResoluteError(
        "RES_ERR_INVALID_ARGUMENT",
        `InvocationIdParser.fromString: expected an invocation id starting with '${PREFIX}', got ${typeof id === "string" ? JSON.stringify(id) : typeof id}.`,
      );
    }
    return id;
  },
} as const;
