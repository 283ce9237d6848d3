// One ready-to-paste curl line per handler, from the services the admin API registered.
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
  /** Whether the body came from the handler's JSON Schema (otherwise it is `null`). */
  fromSchema: boolean;
  command: string;
}

export function curlLines(ingressUrl: string, services: RegisteredService[]): CurlLine[] {
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
      lines.push({ service: service.name, handler: handler.name, ...curlFor(url, handler) });
    }
  }
  return lines;
}

function curlFor(
  url: string,
  handler: RegisteredHandler,
): { fromSchema: boolean; command: string } {
  // "none": the handler takes no input, so the request has no body.
  if (handler.input_description === "none") {
    return { fromSchema: false, command: `curl -s -X POST ${url}` };
  }
  const fromSchema = handler.input_json_schema !== undefined;
  const body = JSON.stringify(fromSchema ? sampleValue(handler.input_json_schema) : null);
  return {
    fromSchema,
    command: `curl -s ${url} -H 'content-type: application/json' -d ${shellQuote(body)}`,
  };
}

/** Single-quotes a string for POSIX shells. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
