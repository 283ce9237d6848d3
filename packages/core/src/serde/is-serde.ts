import type { Serde } from "./serde.js";

/** Duck-typed so serdes from other packages (or plain object literals) qualify. */
export function isSerde(x: unknown): x is Serde<unknown> {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return false;
  const s = x as Partial<Serde<unknown>>;
  return typeof s.serialize === "function" && typeof s.deserialize === "function";
}
