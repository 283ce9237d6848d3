// endpoint().bind(...): collects definitions and builds transport-neutral request handlers.
import type { DefaultServiceOptions } from "../compat/official-types.js";
import type { HooksProvider } from "../context/hooks.js";
import { consoleSink, type LogSink } from "../context/logging.js";
import type { Definition } from "../definition/definitions.js";
import { ResoluteError } from "../errors/resolute-error.js";
import { type BoundService, bindDefinition } from "./bound.js";
import { createEndpointHandler } from "./endpoint-handler.js";
import { IdentityVerifier, parsePublicKey } from "./identity.js";
import { type LoggerTransport, transportSink } from "./logger-transport.js";
import type { EndpointHandler, HandlerBuildOptions, ServableEndpoint } from "./transport.js";

/** Options of the whole endpoint. */
export interface EndpointOptions {
  /**
   * Largest message accepted from the server, and sent to it, in bytes (default 32 MiB, the
   * server's own limit). A larger result or payload fails terminally instead of being sent.
   */
  maxMessageSize?: number;
}

export class EndpointBuilder implements ServableEndpoint {
  private readonly services = new Map<string, BoundService>();
  private readonly identityKeys: string[] = [];
  private readonly hooks: HooksProvider[] = [];
  private readonly options: EndpointOptions;
  private defaults: DefaultServiceOptions | undefined;
  /** From setLogger: ctx.console's sink, and the endpoint's own. */
  private sinks: { user: LogSink; system: LogSink } | undefined;

  constructor(options: EndpointOptions = {}) {
    this.options = options;
  }

  /** Adds a service, object or workflow definition. */
  bind(definition: Definition): this {
    if (this.services.has(definition?.name)) {
      throw new ResoluteError(
        "RES_ERR_DEFINITION",
        `A service named "${definition.name}" is already bound to this endpoint.`,
      );
    }
    const bound = bindDefinition(definition);
    this.services.set(bound.definition.name, bound);
    return this;
  }

  /** Accept only requests signed by a Restate server holding one of these keys (`publickeyv1_…`). */
  withIdentityV1(...keys: string[]): this {
    for (const key of keys) parsePublicKey(key); // fail at configuration time, not per request
    this.identityKeys.push(...keys);
    return this;
  }

  /** Hooks around every handler attempt and ctx.run of this endpoint. */
  withHooks(...providers: HooksProvider[]): this {
    this.hooks.push(...providers);
    return this;
  }

  /**
   * Service options (timeouts, retention, retry policy, ingressPrivate, lazy state, hooks) for
   * every bound service, bound before or after this call; description and metadata stay per
   * service and are not applied from here. A service's own value of an option wins (a whole
   * `retryPolicy` object, not field by field), and handler options win over both. Each call replaces the previous defaults, as in the official SDK.
   */
  defaultServiceOptions(options: DefaultServiceOptions): this {
    this.defaults = { ...options };
    return this;
  }

  /**
   * Where log lines go: ctx.console's and the endpoint's own (failed attempts, pauses). Takes
   * the official SDK's `LoggerTransport` function, told `source` "USER" or "SYSTEM", or a
   * {@link LogSink}. It wins over the logger an adapter passes (e.g. serve()'s pino logger).
   */
  setLogger(logger: LoggerTransport | LogSink): this {
    this.sinks =
      typeof logger === "function"
        ? { user: transportSink(logger, "USER"), system: transportSink(logger, "SYSTEM") }
        : { user: logger, system: logger };
    return this;
  }

  /** The bound definitions, by name. */
  get definitions(): ReadonlyMap<string, Definition> {
    return new Map([...this.services].map(([k, v]) => [k, v.definition]));
  }

  /** Builds the transport-neutral request handler that adapters serve. */
  handler(options: HandlerBuildOptions = {}): EndpointHandler {
    return createEndpointHandler(
      {
        services: this.withDefaults(),
        maxMessageSize: this.options.maxMessageSize,
        hooks: this.hooks,
        identity:
          this.identityKeys.length > 0 ? new IdentityVerifier(this.identityKeys) : undefined,
        logger: this.sinks?.user ?? options.logger ?? consoleSink,
        systemLogger: this.sinks?.system,
      },
      options.protocolMode ?? "BIDI_STREAM",
    );
  }

  /** The bound services, re-bound with the default options under their own. */
  private withDefaults(): ReadonlyMap<string, BoundService> {
    const defaults = this.defaults;
    if (!defaults) return this.services;
    const out = new Map<string, BoundService>();
    for (const [name, { definition }] of this.services) {
      // Lazy state means nothing to a stateless service: keep the default off its manifest.
      const { enableLazyState: _, ...stateless } = defaults;
      const base = definition.kind === "service" ? stateless : defaults;
      out.set(name, bindDefinition({ ...definition, options: { ...base, ...definition.options } }));
    }
    return out;
  }
}

/** Starts an endpoint; chain `.bind(definition)` for each service. */
export function endpoint(options?: EndpointOptions): EndpointBuilder {
  return new EndpointBuilder(options);
}
