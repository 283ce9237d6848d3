// The definitions a test context can run, each bound to its own endpoint handler in
// request/response mode, and the serdes their handlers read and write payloads with.
import { type Definition, defaultSerde, endpoint, type LogSink, type Serde } from "@resolute/core";
import { type EndpointHandler, handlerSerdes } from "@resolute/core/adapter";

export class Registry {
  private readonly defs = new Map<string, Definition>();
  private readonly endpoints = new Map<string, EndpointHandler>();

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
