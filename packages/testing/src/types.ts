// The public contract of the real-server harness. Implementation lives in start-restate.ts.
import type { Ingress } from "@resolute/client";
import type { ServableEndpoint } from "@resolute/core/adapter";

/** Options of {@link startRestate}: the endpoint to serve (or its URL), ports, server configuration, nodes. */
export interface StartRestateOptions {
  /** Served with `serve()` from `@resolute/fastify` on a free port, then registered. */
  endpoint?: ServableEndpoint;
  /** Alternatively, an already running endpoint to register (the harness does not own it). */
  endpointUrl?: string;
  /** Serve and register in HTTP/1.1 request/response mode instead of HTTP/2 bidi streaming. */
  http1?: boolean;
  /** Ports for the server and the endpoint come from this inclusive range (default: OS-assigned). */
  portRange?: [from: number, to: number];
  /** Extra environment for the server, e.g. `RESTATE_...` configuration; wins over the defaults. */
  env?: Record<string, string>;
  /** Extra command line arguments for `restate-server`. */
  serverArgs?: string[];
  /**
   * Replay checking: the endpoint is registered in request/response mode, so every await that
   * is not answered by the journal suspends the invocation and the next attempt replays the
   * handler from its journal. Code that is not deterministic fails with a journal mismatch.
   */
  alwaysReplay?: boolean;
  /**
   * How many restate-server nodes to start (default 1). With more than one they form a cluster
   * on loopback: every node runs every role, with its own ports and data directory.
   */
  nodes?: number;
  /**
   * Copies of the log and of partition state in a cluster (default: 2 with 3 or more nodes,
   * else 1). Fixed when the cluster is provisioned. Replication 2 on 3 nodes survives one node down.
   */
  replication?: number;
}

/** One restate-server node of the environment. */
export interface RestateNode {
  /** The node's name in the cluster, kept across restarts. */
  readonly name: string;
  readonly ingressUrl: string;
  readonly adminUrl: string;
  /** False after kill() or stop(), until restart(). */
  readonly running: boolean;
  /** SIGKILL: the node dies at once, like a crashed machine. Its data stays for restart(). */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown (SIGKILL after 10 s). Its data stays for restart(). */
  stop(): Promise<void>;
  /**
   * Stops the node if it runs and starts it again with the same name, ports and data; resolves
   * when it is ready and its ingress routes to the registered endpoint.
   */
  restart(): Promise<void>;
  /** This node's stdout and stderr captured so far (the most recent part, bounded). */
  logs(): string;
}

/** Reads the K/V state of one virtual object or workflow instance through the admin SQL API. */
export interface StateReader {
  /** One value; `undefined` when the key has none. */
  get<T = unknown>(k: string): Promise<T | undefined>;
  /** The keys that have state. */
  keys(): Promise<string[]>;
}

/** A running Restate server (or cluster) with the endpoint served and registered; made by {@link startRestate}. */
export interface RestateEnv {
  /** The first node's ingress. */
  readonly ingressUrl: string;
  /** The first node's admin API. */
  readonly adminUrl: string;
  /** Every server node, in order (one entry unless `nodes` was given). */
  readonly nodes: readonly RestateNode[];
  /** The registered endpoint, or undefined when neither `endpoint` nor `endpointUrl` was given. */
  readonly endpointUrl: string | undefined;
  /** A typed ingress client connected to every node's ingress (it fails over between them). */
  readonly client: Ingress;
  /** Reads the state of one object or workflow instance, through the admin API. */
  stateOf(def: { name: string }, key: string): StateReader;
  /** Stops serving the endpoint and serves it again on the same port (a crash/redeploy). */
  restartEndpoint(): Promise<void>;
  /** Stops serving the endpoint and drops its open connections, like a crash. */
  killEndpoint(): Promise<void>;
  /** Serves the endpoint again on the same port after `killEndpoint()`. */
  startEndpoint(): Promise<void>;
  /**
   * SIGTERMs the server, waits for it to exit, and starts it again on the same ports and data.
   * In a cluster: every node in turn (a rolling restart).
   */
  restartServer(): Promise<void>;
  /** Registers the endpoint (again), and waits until every running node's ingress routes to it. */
  register(): Promise<void>;
  /** Server stdout and stderr captured so far (the most recent part, bounded; every node's). */
  logs(): string;
  /** Stops endpoint and every node, removes the data directories, frees the ports. Idempotent. */
  stop(): Promise<void>;
  /** `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}
