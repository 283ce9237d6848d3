// The definitions a test context can run, each bound to its own endpoint handler in
// request/response mode, and the serdes their handlers read and write payloads with.
import { type Definition, defaultSerde, endpoint, type LogSink, type Serde } from "@resolute/core";
import { type EndpointHandler, handlerSerdes } from "@resolute/core/adapter";

export class Registry {
  private readonly defs = new Map<string, Definition>();
  private readonly endpoints = new Map<string, EndpointHandler>();
  /** Per service, the type of each handler (EXCLUSIVE, SHARED, WORKFLOW), from its manifest. */
  private readonly handlerTypes = new Map<string, Map<string, string>>();

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
    const ty = this.handlerType(service, handler);
    return ty === "EXCLUSIVE" || ty === "WORKFLOW";
  }

  /** Whether this is a workflow's run handler, which the server runs once per key. */
  isWorkflowRun(service: string, handler: string): boolean {
    return this.handlerType(service, handler) === "WORKFLOW";
  }

  /** The workflows this context has, for when the test does not say which one it means. */
  workflows(): Definition[] {
    return [...this.defs.values()].filter((d) => d.kind === "workflow");
  }

  private handlerType(service: string, handler: string): string | undefined {
    let types = this.handlerTypes.get(service);
    if (!types) {
      // Not cached before the definition is registered: `invoke` may register it later.
      const ep = this.endpoints.get(service);
      if (!ep) return undefined;
      types = typesOfHandlers(ep, service);
      this.handlerTypes.set(service, types);
    }
    return types.get(handler);
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
 * The handler types of a service, read from the endpoint's own manifest so the test context
 * follows the same rules as discovery (explicit kinds, defaults per definition kind). The
 * endpoint answers discovery synchronously.
 */
function typesOfHandlers(ep: EndpointHandler, service: string): Map<string, string> {
  const types = new Map<string, string>();
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
      if (h.ty) types.set(h.name, h.ty);
    }
  } catch {
    // No manifest (a definition discovery refuses): its invocations fail on their own.
  }
  return types;
}
