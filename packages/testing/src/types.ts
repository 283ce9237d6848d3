// The public contract of the real-server harness. Implementation lives in start-restate.ts.
import type { Ingress } from "@resolute/client";
import type { ServableEndpoint } from "@resolute/core";

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
}

/** Reads the K/V state of one virtual object or workflow instance through the admin SQL API. */
export interface StateReader {
  get<T = unknown>(k: string): Promise<T | undefined>;
  keys(): Promise<string[]>;
}

export interface RestateEnv {
  readonly ingressUrl: string;
  readonly adminUrl: string;
  /** The registered endpoint, or undefined when neither `endpoint` nor `endpointUrl` was given. */
  readonly endpointUrl: string | undefined;
  /** A typed ingress client connected to this server. */
  readonly client: Ingress;
  stateOf(def: { name: string }, key: string): StateReader;
  /** Stops serving the endpoint and serves it again on the same port (a crash/redeploy). */
  restartEndpoint(): Promise<void>;
  /** Stops serving the endpoint and drops its open connections, like a crash. */
  killEndpoint(): Promise<void>;
  /** Serves the endpoint again on the same port after `killEndpoint()`. */
  startEndpoint(): Promise<void>;
  /** SIGTERMs the server, waits for it to exit, and starts it again on the same ports and data. */
  restartServer(): Promise<void>;
  /** Registers the endpoint (again) with the server. */
  register(): Promise<void>;
  /** Server stdout and stderr captured so far (the most recent part, bounded). */
  logs(): string;
  /** Stops endpoint and server and removes the data directory. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
