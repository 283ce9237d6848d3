// CombineablePromise: the official SDK's former name of RestatePromise, kept there as a
// deprecated alias; the same here, value and type, so older handlers port unchanged.
import { RestatePromise } from "../context/durable-promise.js";

/** @deprecated Use {@link RestatePromise}: the same combinators under their current name. */
export const CombineablePromise = RestatePromise;
/** @deprecated Use {@link RestatePromise}. */
export type CombineablePromise<T> = RestatePromise<T>;
