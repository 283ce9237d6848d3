// The endpoint's log as `resolute dev` prints it: one readable line per record instead of
// pino's JSON, led by where it came from, as core's console sink writes it.
const LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

// What pino and the SDK's sink put on every line; the rest are the invocation's own fields.
const HIDDEN = new Set([
  "level",
  "time",
  "pid",
  "hostname",
  "msg",
  "service",
  "handler",
  "key",
  "err",
]);
const HIDDEN_IN_WARNINGS = new Set(["attempt", "errorCode"]);

/** One pino JSON line to one readable line; anything else is returned as it is. */
export function readableLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record !== "object" || record === null) return line;
  const level = LEVELS[record.level as number] ?? String(record.level ?? "");
  let where = "";
  if (typeof record.service === "string") {
    const key = typeof record.key === "string" ? `/${record.key}` : "";
    where = `[${record.service}${key}/${String(record.handler)}]`;
  }
  const warning = level !== "info" && level !== "debug" && level !== "trace";
  for (const [name, value] of Object.entries(record)) {
    if (HIDDEN.has(name) || value === undefined) continue;
    // The failure message already says which attempt failed, and with which code.
    if (warning && HIDDEN_IN_WARNINGS.has(name)) continue;
    if (name === "invocationId") where += `[${String(value)}]`;
    else where += `[${name}=${typeof value === "string" ? value : JSON.stringify(value)}]`;
  }
  const message = String(record.msg ?? "");
  const err = record.err as { stack?: unknown } | undefined;
  const stack = typeof err?.stack === "string" ? `\n${err.stack}` : "";
  const label = level === "info" ? "" : `${level.toUpperCase()} `;
  return `${label}${where}${where ? " " : ""}${message}${stack}`;
}
