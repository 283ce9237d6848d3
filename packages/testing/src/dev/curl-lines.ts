// One ready-to-paste curl line per handler, from the services the admin API registered.
import type { HandlerInputs } from "./handler-inputs.js";
import { sampleValue } from "./sample-value.js";

/** The parts of the admin API's service description that the curl lines need. */
export interface RegisteredService {
  name: string;
  ty: "Service" | "VirtualObject" | "Workflow" | string;
  public?: boolean;
  handlers: RegisteredHandler[];
}

export interface RegisteredHandler {
  name: string;
  public?: boolean;
  input_description?: string;
  input_json_schema?: unknown;
}

/** The key used in the sample URLs of virtual objects and workflows. */
export const SAMPLE_KEY = "demo";

export interface CurlLine {
  service: string;
  handler: string;
  /** What the body is: none, a sample from the input's JSON Schema, or a `null` placeholder. */
  body: "none" | "sample" | "placeholder";
  command: string;
}

/** Put after a placeholder body: a shell comment, so the line still runs as pasted. */
export const PLACEHOLDER_NOTE = "# null stands for your input (the handler has no input schema)";

/**
 * @param inputs which handlers take input, from the code; without it (or for a handler it does
 *   not list) the admin API's input description decides. The manifest announces an optional
 *   input for every handler, so only the code can tell which ones take none.
 */
export function curlLines(
  ingressUrl: string,
  services: RegisteredService[],
  inputs?: HandlerInputs,
): CurlLine[] {
  const lines: CurlLine[] = [];
  const sorted = [...services].sort((a, b) => a.name.localeCompare(b.name));
  for (const service of sorted) {
    if (service.public === false) continue;
    const keyed = service.ty === "VirtualObject" || service.ty === "Workflow";
    const base = `${ingressUrl}/${encodeURIComponent(service.name)}`;
    const prefix = keyed ? `${base}/${SAMPLE_KEY}` : base;
    for (const handler of service.handlers) {
      if (handler.public === false) continue;
      const url = `${prefix}/${encodeURIComponent(handler.name)}`;
      const takesInput =
        inputs?.[service.name]?.[handler.name] ?? handler.input_description !== "none";
      lines.push({
        service: service.name,
        handler: handler.name,
        ...curlFor(url, handler, takesInput),
      });
    }
  }
  return lines;
}

function curlFor(
  url: string,
  handler: RegisteredHandler,
  takesInput: boolean,
): Pick<CurlLine, "body" | "command"> {
  // No input: no body (and so no content type), which every handler's input accepts.
  if (!takesInput) return { body: "none", command: `curl -s -X POST ${url}` };
  const post = (body: unknown) =>
    `curl -s ${url} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(body))}`;
  if (handler.input_json_schema !== undefined) {
    return { body: "sample", command: post(sampleValue(handler.input_json_schema)) };
  }
  // Without a schema nothing says what the input looks like; `null` is valid JSON for any
  // serde that parses JSON, and the comment says it is to be replaced.
  return { body: "placeholder", command: `${post(null)}  ${PLACEHOLDER_NOTE}` };
}

/** Single-quotes a string for POSIX shells. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
