// The definitions a test context can run, each bound to its own endpoint handler in
// request/response mode, and the serdes their handlers read and write payloads with.
import { type Definition, defaultSerde, endpoint, type LogSink, type Serde } from "@resolute/core";
import { type EndpointHandler, handlerSerdes } from "@resolute/core/adapter";

export class Registry {
  private readonly defs = new Map<string, Definition>();
  private readonly endpoints = new Map<string, EndpointHandler>();
  /** Per service, its exclusive handlers (workflow `run` included), from its manifest. */
  private readonly exclusives = new Map<string, Set<string>>();

  private readonly logger: LogSink | undefined;

  constructor(logger: LogSink | undefined) {
    this.logger = logger;
  }

  /** Adds a definition; the first one registered under a name wins. */
  register(def: Definition): void {
    if (this.defs.has(def.name)) return;
    this.defs.set(def.name, def);
    this.endpoints.set(
      def.name,
      endpoint()
        .bind(def)
        .handler({
          protocolMode: "REQUEST_RESPONSE",
          ...(this.logger ? { logger: this.logger } : {}),
        }),
    );
  }

  /** Whether the server runs this handler one at a time per key. */
  isExclusive(service: string, handler: string): boolean {
    let names = this.exclusives.get(service);
    if (!names) {
      names = exclusiveHandlers(this.endpoints.get(service), service);
      this.exclusives.set(service, names);
    }
    return names.has(handler);
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  definition(name: string): Definition | undefined {
    return this.defs.get(name);
  }

  endpointOf(name: string): EndpointHandler | undefined {
    return this.endpoints.get(name);
  }

  /** The serdes of a handler; the default serde for services this context does not have. */
  serdes(service: string, handler: string): { input: Serde<any>; output: Serde<any> } {
    const def = this.defs.get(service);
    return def ? handlerSerdes(def, handler) : { input: defaultSerde, output: defaultSerde };
  }

  /** A call's parameter as the callee would read it, for the recorder (raw bytes if unreadable). */
  decodeInput(service: string, handler: string, bytes: Uint8Array | undefined): unknown {
    try {
      return this.serdes(service, handler).input.deserialize(bytes ?? new Uint8Array(0));
    } catch {
      return bytes;
    }
  }
}

/**
 * The exclusive handlers of a service, read from the endpoint's own manifest so the test context
 * follows the same rules as discovery (explicit kinds, defaults per definition kind). The
 * endpoint answers discovery synchronously.
 */
function exclusiveHandlers(ep: EndpointHandler | undefined, service: string): Set<string> {
  const names = new Set<string>();
  if (!ep) return names;
  let body = "";
  const decoder = new TextDecoder();
  ep.handle(
    {
      method: "GET",
      path: "/discover",
      headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" },
    },
    {
      head() {},
      write(chunk) {
        body += decoder.decode(chunk, { stream: true });
      },
      end() {},
    },
  ).end();
  try {
    const manifest = JSON.parse(body) as {
      services?: { name: string; handlers?: { name: string; ty?: string }[] }[];
    };
    for (const h of manifest.services?.find((s) => s.name === service)?.handlers ?? []) {
      if (h.ty === "EXCLUSIVE" || h.ty === "WORKFLOW") names.add(h.name);
    }
  } catch {
    // No manifest (a definition discovery refuses): its invocations fail on their own.
  }
  return names;
}
