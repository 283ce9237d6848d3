// endpoint().bind(...): collects definitions and builds transport-neutral request handlers.
import type { HooksProvider } from "../context/hooks.js";
import { consoleSink } from "../context/logging.js";
import type { Definition } from "../definition/definitions.js";
import { ResoluteError } from "../errors/resolute-error.js";
import { type BoundService, bindDefinition } from "./bound.js";
import { createEndpointHandler } from "./endpoint-handler.js";
import { IdentityVerifier, parsePublicKey } from "./identity.js";
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

  /** The bound definitions, by name. */
  get definitions(): ReadonlyMap<string, Definition> {
    return new Map([...this.services].map(([k, v]) => [k, v.definition]));
  }

  /** Builds the transport-neutral request handler that adapters serve. */
  handler(options: HandlerBuildOptions = {}): EndpointHandler {
    return createEndpointHandler(
      {
        services: this.services,
        maxMessageSize: this.options.maxMessageSize,
        hooks: this.hooks,
        identity:
          this.identityKeys.length > 0 ? new IdentityVerifier(this.identityKeys) : undefined,
        logger: options.logger ?? consoleSink,
      },
      options.protocolMode ?? "BIDI_STREAM",
    );
  }
}

/** Starts an endpoint; chain `.bind(definition)` for each service. */
export function endpoint(options?: EndpointOptions): EndpointBuilder {
  return new EndpointBuilder(options);
}
