// Where a handler failed, for the attempt failure log: the first stack frame in the user's code.
// Frames of the SDK itself (this package's files, any @resolute/* package) and of Node's
// internals are skipped, so an error thrown by ctx.* or the serde points at the handler's line.

/** "file:line:col" of the first frame outside the SDK and Node, or undefined if there is none. */
export function userFrameOf(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  for (const line of stack.split("\n")) {
    const where = locationOf(line);
    if (where !== undefined && !isSdkOrRuntime(where)) return where.replace(/^file:\/\//, "");
  }
  return undefined;
}

/** The location of a V8 frame line ("    at fn (loc)" or "    at loc"), when it has line:col. */
function locationOf(line: string): string | undefined {
  const t = line.trim();
  if (!t.startsWith("at ")) return undefined;
  const open = t.endsWith(")") ? t.lastIndexOf("(") : -1;
  const loc = open >= 0 ? t.slice(open + 1, -1) : t.slice(3);
  return /:\d+:\d+$/.test(loc) ? loc : undefined;
}

function isSdkOrRuntime(loc: string): boolean {
  if (loc.startsWith("node:") || /[/\\]@resolute[/\\]/.test(loc)) return true;
  const root = sdkRoot();
  return root !== undefined && loc.startsWith(root);
}

let root: string | null | undefined;

/**
 * The folder above this module's: the core's build output (dist/, whether bundled into
 * dist/esm/ or not) or its sources (src/). Found from a stack of our own, so a workspace or
 * linked copy of the SDK, whose path has no "@resolute", is recognized too.
 */
function sdkRoot(): string | undefined {
  if (root === undefined) {
    const own = locationOf(new Error().stack?.split("\n")[1] ?? "");
    const file = own?.replace(/:\d+:\d+$/, "");
    const dir = file?.slice(0, Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")));
    const up = dir?.slice(0, Math.max(dir.lastIndexOf("/"), dir.lastIndexOf("\\")) + 1);
    root = up ? up : null;
  }
  return root ?? undefined;
}
