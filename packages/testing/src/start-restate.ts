// startRestate(): a real restate-server plus (optionally) a served and registered endpoint.
import { connect, type Ingress } from "@resolute/client";
import type { ServableEndpoint } from "@resolute/core";
import { registerDeployment } from "./admin-api.js";
import { EndpointHost } from "./endpoint-host.js";
import { releasePorts, reservePorts } from "./free-ports.js";
import { RestateServer } from "./restate-server.js";
import { stateReader } from "./state-reader.js";
import type { RestateEnv, StartRestateOptions } from "./types.js";

const ENDPOINT_ATTEMPTS = 5;

export async function startRestate(options: StartRestateOptions = {}): Promise<RestateEnv> {
  if (options.endpoint && options.endpointUrl) {
    throw new Error(
      "startRestate: pass either endpoint (served for you) or endpointUrl, not both.",
    );
  }
  const http1 = options.http1 ?? false;
  const server = await RestateServer.start(options);
  let host: EndpointHost | undefined;
  try {
    if (options.endpoint) host = await serveEndpoint(options, http1);
    const env = new Env(server, host, host?.url ?? options.endpointUrl, http1);
    if (env.endpointUrl) await env.register();
    return env;
  } catch (error) {
    await host?.kill();
    if (host) releasePorts([host.port]);
    await server.stop();
    throw error;
  }
}

async function serveEndpoint(options: StartRestateOptions, http1: boolean): Promise<EndpointHost> {
  const given = options.endpoint!;
  const endpoint: ServableEndpoint = options.alwaysReplay
    ? { handler: (o) => given.handler({ ...o, protocolMode: "REQUEST_RESPONSE" }) }
    : given;
  for (let attempt = 1; ; attempt++) {
    const [port = 0] = await reservePorts(1, options.portRange);
    const host = new EndpointHost(endpoint, port, http1);
    try {
      await host.start();
      return host;
    } catch (error) {
      releasePorts([port]);
      // The probed port was taken before we could bind it: pick another one.
      const taken = (error as { code?: unknown })?.code === "EADDRINUSE";
      if (!taken || attempt >= ENDPOINT_ATTEMPTS) throw error;
    }
  }
}

class Env implements RestateEnv {
  readonly ingressUrl: string;
  readonly adminUrl: string;
  readonly endpointUrl: string | undefined;
  readonly client: Ingress;
  readonly #server: RestateServer;
  readonly #host: EndpointHost | undefined;
  readonly #http1: boolean;
  #stopping: Promise<void> | undefined;

  constructor(
    server: RestateServer,
    host: EndpointHost | undefined,
    endpointUrl: string | undefined,
    http1: boolean,
  ) {
    this.#server = server;
    this.#host = host;
    this.#http1 = http1;
    this.ingressUrl = server.ingressUrl;
    this.client = connect({ url: server.ingressUrl });
    this.adminUrl = server.adminUrl;
    this.endpointUrl = endpointUrl;
  }

  stateOf(def: { name: string }, key: string) {
    return stateReader(this.adminUrl, def.name, key);
  }

  async restartEndpoint(): Promise<void> {
    await this.killEndpoint();
    await this.startEndpoint();
  }

  async killEndpoint(): Promise<void> {
    await this.#ownedHost("killEndpoint").kill();
  }

  async startEndpoint(): Promise<void> {
    const host = this.#ownedHost("startEndpoint");
    if (this.#stopping) {
      throw new Error("startEndpoint(): this environment was stopped; call startRestate() again.");
    }
    await host.start();
  }

  async restartServer(): Promise<void> {
    await this.#server.restart();
  }

  async register(): Promise<void> {
    if (!this.endpointUrl) {
      throw new Error("register(): no endpoint; pass endpoint or endpointUrl to startRestate.");
    }
    await registerDeployment(this.adminUrl, this.endpointUrl, this.#http1);
  }

  logs(): string {
    return this.#server.logs.text();
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await this.#host?.kill();
      } finally {
        if (this.#host) releasePorts([this.#host.port]);
        await this.#server.stop();
      }
    })();
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  #ownedHost(method: string): EndpointHost {
    if (!this.#host) {
      throw new Error(
        `${method}(): the harness only controls an endpoint it serves; pass endpoint (not endpointUrl).`,
      );
    }
    return this.#host;
  }
}
