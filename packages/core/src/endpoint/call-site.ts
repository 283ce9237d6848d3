// Finds where user code called into the context, for error messages: the first stack frame
// outside Resolute's core and outside Node internals.
const INTERNAL =
  /[\\/]packages[\\/]core[\\/]|[\\/]@resolute[\\/]core[\\/]|\(node:|^\s*at node:|<anonymous>/;
const LOCATION = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/;

export function userCallSite(): string | undefined {
  const stack = new Error().stack;
  if (!stack) return undefined;
  const lines = stack.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (INTERNAL.test(line)) continue;
    const m = LOCATION.exec(line);
    if (m) return m[1]!.replace(/^file:\/\//, "");
  }
  return undefined;
}
