// startRestate(): a real restate-server plus (optionally) a served and registered endpoint.
import { connect, type Ingress } from "@resolute/client";
import type { ServableEndpoint } from "@resolute/core/adapter";
import { type RegisteredService, registerDeployment } from "./admin-api.js";
import { EndpointHost } from "./endpoint-host.js";
import { releasePorts, reservePorts } from "./free-ports.js";
import { startCluster, validateCluster } from "./restate-cluster.js";
import { NodeHandle } from "./restate-node.js";
import { RestateServer } from "./restate-server.js";
import { waitUntilRouted } from "./routing.js";
import { stateReader } from "./state-reader.js";
import type { RestateEnv, RestateNode, StartRestateOptions } from "./types.js";

const ENDPOINT_ATTEMPTS = 5;
const ROUTING_TIMEOUT_MS = 60_000;
const SINGLE_NODE_NAME = "resolute-test";

/** Starts the real restate-server from npm (free ports, temporary data), serves and registers the endpoint. */
export async function startRestate(options: StartRestateOptions = {}): Promise<RestateEnv> {
  if (options.endpoint && options.endpointUrl) {
    throw new Error(
      "startRestate: pass either endpoint (served for you) or endpointUrl, not both.",
    );
  }
  const http1 = options.http1 ?? false;
  const servers = await startServers(options);
  let host: EndpointHost | undefined;
  try {
    if (options.endpoint) host = await serveEndpoint(options, http1);
    const env = new Env(servers, host, host?.url ?? options.endpointUrl, http1);
    if (env.endpointUrl) await env.register();
    return env;
  } catch (error) {
    await host?.kill();
    if (host) releasePorts([host.port]);
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
}

async function startServers(options: StartRestateOptions): Promise<RestateServer[]> {
  const nodes = options.nodes ?? 1;
  const replication = options.replication ?? (nodes >= 3 ? 2 : 1);
  validateCluster(nodes, replication);
  if (nodes === 1) return [await RestateServer.start(options)];
  return startCluster({ ...options, nodes, replication });
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
  readonly nodes: readonly RestateNode[];
  readonly endpointUrl: string | undefined;
  readonly client: Ingress;
  readonly #nodes: NodeHandle[];
  readonly #host: EndpointHost | undefined;
  readonly #http1: boolean;
  #services: RegisteredService[] = [];
  #stopping: Promise<void> | undefined;

  constructor(
    servers: RestateServer[],
    host: EndpointHost | undefined,
    endpointUrl: string | undefined,
    http1: boolean,
  ) {
    const single = servers.length === 1;
    this.#nodes = servers.map(
      (server, i) =>
        new NodeHandle(single ? SINGLE_NODE_NAME : `node-${i + 1}`, server, (node) =>
          this.#waitRouted([node]),
        ),
    );
    this.nodes = this.#nodes;
    this.#host = host;
    this.#http1 = http1;
    const first = this.#nodes[0]!;
    this.ingressUrl = first.ingressUrl;
    this.adminUrl = first.adminUrl;
    const urls = this.#nodes.map((node) => node.ingressUrl);
    this.client = connect({ url: single ? first.ingressUrl : urls });
    this.endpointUrl = endpointUrl;
  }

  stateOf(def: { name: string }, key: string) {
    return stateReader(() => this.#liveAdminUrl(), def.name, key);
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
    for (const node of this.#nodes) await node.restart();
  }

  async register(): Promise<void> {
    if (!this.endpointUrl) {
      throw new Error("register(): no endpoint; pass endpoint or endpointUrl to startRestate.");
    }
    this.#services = await registerDeployment(this.#liveAdminUrl(), this.endpointUrl, this.#http1);
    await this.#waitRouted(this.#nodes);
  }

  logs(): string {
    if (this.#nodes.length === 1) return this.#nodes[0]!.logs();
    return this.#nodes.map((node) => `=== ${node.name} ===\n${node.logs()}`).join("\n");
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await this.#host?.kill();
      } finally {
        if (this.#host) releasePorts([this.#host.port]);
        await Promise.all(this.#nodes.map((node) => node.server.stop()));
      }
    })();
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** Any running node's admin API (the first node's if none runs: its error then says why). */
  #liveAdminUrl(): string {
    return (this.#nodes.find((node) => node.running) ?? this.#nodes[0]!).adminUrl;
  }

  async #waitRouted(nodes: NodeHandle[]): Promise<void> {
    // One node routes as soon as registration returns; nodes of a cluster learn it a bit later.
    if (this.#nodes.length === 1) return;
    const running = nodes.filter((node) => node.running);
    await Promise.all(
      running.map((node) => waitUntilRouted(node.ingressUrl, this.#services, ROUTING_TIMEOUT_MS)),
    );
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
