// Finds where user code called into the context, for error messages: the first stack frame
// outside Resolute and outside Node internals.
import { userFrameOf } from "../context/user-frame.js";

export function userCallSite(): string | undefined {
  return userFrameOf(new Error().stack);
}
