// Which export of the user's module `resolute dev` serves: the default export, else the one
// named `endpoint`. When neither is one, the error names the exports that are endpoints.

/** Whatever has `handler()`, as an endpoint built with `endpoint()` does. */
export function isServable(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { handler?: unknown }).handler === "function"
  );
}

/** The endpoint to serve, or an error that says what was found instead. */
export function pickEndpoint(module: Record<string, unknown>, modulePath: string): unknown {
  for (const name of ["default", "endpoint"]) {
    if (isServable(module[name])) return module[name];
  }
  const found = Object.keys(module).filter((name) => isServable(module[name]));
  const hint =
    found.length === 0
      ? "for example `export default endpoint().bind(greeter)`"
      : `it exports ${found.map((n) => `\`${n}\``).join(", ")}: add \`export default ${found[0]};\``;
  throw new Error(
    `${modulePath} exports no endpoint as its default export or as \`endpoint\` (${hint}).`,
  );
}
