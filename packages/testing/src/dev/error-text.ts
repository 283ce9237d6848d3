// Errors from the user's module, as `resolute dev` prints them: the message and the stack
// frames in the user's code. Frames inside Node, node_modules (the TypeScript loader's
// esbuild, the SDK) and the dev command's own files say nothing about what to fix.
const FRAME = /^\s+at /;
const NOT_USER_CODE = /[( ]node:|[\\/]node_modules[\\/]|[\\/]testing[\\/](dist|src)[\\/]dev[\\/]/;

export function userFacingError(text: string): string {
  const lines = text.split("\n");
  const kept = lines.filter((line) => !FRAME.test(line) || !NOT_USER_CODE.test(line));
  return kept.join("\n").trimEnd();
}

/** What to do about a load error whose cause is common and not obvious from its message. */
export function hintFor(text: string): string | undefined {
  if (/\bEADDRINUSE\b/.test(text)) {
    return (
      "The module listens on a port itself when imported (a serve() or listen() call at its top " +
      "level?), and the previous version still holds that port. `resolute dev` serves the " +
      "endpoint: point it at a module that only exports it, and call serve() in another file."
    );
  }
  return undefined;
}
