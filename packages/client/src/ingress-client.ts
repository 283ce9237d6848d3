// connect(): a typed client for the Restate ingress, inferred from definitions.
import {
  type Duration,
  defaultSerde,
  durationMs,
  type HandlersOf,
  Opts,
  ResoluteError,
  SendOpts,
  type Serde,
} from "@resolute/core";
import {
  handlerSerdes,
  type HandlerResult as Out,
  type HandlerArgs as Rest,
  splitArgs,
} from "@resolute/core/adapter";
import type { Fetch } from "./attempt.js";
import { IngressPool, type RetryOptions, retryPolicy } from "./failover.js";
import { encode, request, segment, type Transport } from "./http.js";
import { attemptTimeouts } from "./timeouts.js";

/** Options of {@link connect}: the ingress URL (or several, for fail-over), retries and headers. */
export interface ConnectOptions {
  /**
   * The ingress base URL, e.g. http://localhost:8080, or the ingress URLs of several nodes of a
   * cluster: requests are spread over them and fail over to another when one is down.
   */
  url: string | readonly string[];
  /** When and how often a request is sent again (to another URL); see RetryOptions. */
  retry?: RetryOptions;
  /** Headers sent with every request (authentication, tracing). */
  headers?: Record<string, string>;
  /**
   * How long one attempt of a request the ingress answers at once (a send, `workflowSubmit`,
   * `output`, `workflowOutput`, an awakeable completion) may wait for the response before the
   * client abandons it: then it goes on to the next URL if the request may be repeated (see
   * RetryOptions), and throws an IngressTimeoutError otherwise. A Duration or ms; `null`: no
   * limit. Default: 30 s, so that a node that accepts connections but never answers cannot hang
   * requests forever.
   */
  timeout?: Duration | null;
  /**
   * The same limit for requests that wait for a handler to finish: calls, `workflowAttach`,
   * `result`, `idempotentResult`. Their response only comes when the handler is done, so the
   * limit must be above the longest handler run you expect (a slow handler is abandoned and,
   * with an idempotency key, attached to again from another node). Default: none (`null`),
   * because only you know how long your handlers and workflows may take.
   */
  resultTimeout?: Duration | null;
  /**
   * The fetch function requests are sent with. Default: the platform's `fetch`. Give your own to
   * add a proxy or an undici dispatcher, or to instrument requests. A rejection that is
   * recognisably undici's headers timeout (a TypeError whose `cause.code` is
   * `UND_ERR_HEADERS_TIMEOUT`) only means the answer is not ready yet: requests that may be
   * repeated attach again at once, without using up a retry attempt.
   */
  fetch?: Fetch;
}

/**
 * Options of {@link Ingress.withOptions}: limits for the requests made through the returned view.
 * Left out, each keeps the client's value.
 */
export interface RequestOptions {
  /** As {@link ConnectOptions.timeout}, for requests made through this view. */
  timeout?: Duration | null;
  /** As {@link ConnectOptions.resultTimeout}, for requests made through this view. */
  resultTimeout?: Duration | null;
  /**
   * Abandons the requests when it aborts: the promise rejects with the signal's reason at once,
   * whatever attempt or backoff is under way, and nothing is retried. An invocation the server
   * already accepted goes on; cancel it through the admin API if it must stop.
   */
  signal?: AbortSignal;
}

/** A handle to an invocation started with a send client. */
export interface Send<T = unknown> {
  readonly invocationId: string;
  /** "Accepted", or "PreviouslyAccepted" for a repeated idempotency key. */
  readonly status: string;
  /** Phantom: the handler's result type. */
  readonly __output?: T;
  readonly outputSerde?: Serde<T>;
}

/** A request/response client of a definition's handlers over the ingress. */
export type IngressClient<D> = {
  readonly [K in keyof HandlersOf<D>]: (
    ...args: [...Rest<HandlersOf<D>[K]>, opts?: Opts]
  ) => Promise<Out<HandlersOf<D>[K]>>;
};
/** A one-way client of a definition's handlers over the ingress; each call returns a {@link Send}. */
export type IngressSendClient<D> = {
  readonly [K in keyof HandlersOf<D>]: (
    ...args: [...Rest<HandlersOf<D>[K]>, opts?: SendOpts]
  ) => Promise<Send<Out<HandlersOf<D>[K]>>>;
};

/** A client of one workflow instance: submit, attach, peek its output, and call its shared handlers. */
export interface WorkflowClient<D> {
  /** Starts the workflow's `run` handler; idempotent per key. */
  workflowSubmit(
    ...args: [...Rest<HandlersOf<D>["run" & keyof HandlersOf<D>]>, opts?: SendOpts]
  ): Promise<Send<Out<HandlersOf<D>["run" & keyof HandlersOf<D>]>>>;
  /** Waits for the workflow's result. */
  workflowAttach(): Promise<Out<HandlersOf<D>["run" & keyof HandlersOf<D>]>>;
  /** The workflow's result if it finished; throws if it is still running. */
  workflowOutput(): Promise<Out<HandlersOf<D>["run" & keyof HandlersOf<D>]>>;
}

type Target = { name: string; handlers?: Record<string, unknown> };

function delayParam(delay: Duration | undefined): string {
  return delay === undefined ? "" : `?delay=${durationMs(delay)}ms`;
}

/** Typed access to the Restate ingress; made by {@link connect}. */
export class Ingress {
  private readonly t: Transport;

  constructor(options: ConnectOptions) {
    const urls = typeof options.url === "string" ? [options.url] : options.url;
    this.t = {
      pool: new IngressPool(
        urls,
        options.headers ?? {},
        retryPolicy(options.retry),
        fetchOption(options.fetch),
      ),
      timeouts: attemptTimeouts(options),
    };
  }

  /**
   * The same client with other limits for the requests made through it: another timeout, or an
   * AbortSignal of yours, e.g. `rs.withOptions({ signal }).serviceClient(greeter).greet("Ann")`.
   * It shares the client's URLs, their turn and which ones just failed.
   */
  withOptions(options: RequestOptions): Ingress {
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
      throw new ResoluteError(
        "RES_ERR_INVALID_ARGUMENT",
        "withOptions(): signal must be an AbortSignal.",
      );
    }
    // A view, not a new client: a new pool would restart the round-robin at the first URL.
    const view = Object.create(Ingress.prototype) as Ingress;
    const t: Transport = {
      pool: this.t.pool,
      timeouts: attemptTimeouts(options, this.t.timeouts),
      signal: options.signal ?? this.t.signal,
    };
    Object.defineProperty(view, "t", { value: t });
    return view;
  }

  private path(def: Target, key: string | undefined, handler: string): string {
    return key === undefined
      ? `/${segment(def.name)}/${segment(handler)}`
      : `/${segment(def.name)}/${segment(key)}/${segment(handler)}`;
  }

  /** `workflow`: its `run` handler starts at most once per key, so it needs no idempotency key. */
  private proxy(def: Target, key: string | undefined, send: boolean, workflow = false): any {
    return new Proxy(
      {},
      {
        get: (_t, handler) => {
          if (typeof handler !== "string" || handler === "then") return undefined;
          const once = workflow && handler === "run";
          return (...args: unknown[]) =>
            send
              ? this.doSend(def, key, handler, args, once)
              : this.doCall(def, key, handler, args, once);
        },
      },
    );
  }

  private async doCall(
    def: Target,
    key: string | undefined,
    handler: string,
    args: unknown[],
    once = false,
  ): Promise<unknown> {
    const { input, opts } = splitArgs(args, Opts);
    const s = handlerSerdes(def, handler);
    const o = opts?.options;
    const { body, headers } = encode(o?.input ?? s.input, input);
    this.keyFor(headers, o?.idempotencyKey, once);
    const out = await request(
      this.t,
      "POST",
      this.path(def, key, handler),
      body,
      { ...o?.headers, ...headers },
      once,
      true,
    );
    return (o?.output ?? s.output).deserialize(out);
  }

  private async doSend(
    def: Target,
    key: string | undefined,
    handler: string,
    args: unknown[],
    once = false,
  ): Promise<Send> {
    const { input, opts } = splitArgs(args, SendOpts);
    const s = handlerSerdes(def, handler);
    const o = opts?.options;
    const { body, headers } = encode(o?.input ?? s.input, input);
    this.keyFor(headers, o?.idempotencyKey, once);
    const out = await request(
      this.t,
      "POST",
      `${this.path(def, key, handler)}/send${delayParam(o?.delay)}`,
      body,
      { ...o?.headers, ...headers },
      once,
    );
    const r = JSON.parse(new TextDecoder().decode(out)) as { invocationId: string; status: string };
    return { invocationId: r.invocationId, status: r.status, outputSerde: s.output };
  }

  /** The user's idempotency key, or a generated one when the idempotent-retry option is on. */
  private keyFor(headers: Record<string, string>, given: string | undefined, once: boolean): void {
    if (given) headers["idempotency-key"] = given;
    else if (this.t.pool.retry.idempotent && !once)
      headers["idempotency-key"] = crypto.randomUUID();
  }

  /** A typed request/response client of a service. */
  serviceClient<D extends Target>(def: D | { name: string }): IngressClient<D> {
    return this.proxy(def, undefined, false);
  }

  /** A typed request/response client of one virtual object, by key. */
  objectClient<D extends Target>(def: D | { name: string }, key: string): IngressClient<D> {
    return this.proxy(def, key, false);
  }

  /** A one-way client of a service; each call returns a {@link Send} at once. */
  serviceSendClient<D extends Target>(def: D | { name: string }): IngressSendClient<D> {
    return this.proxy(def, undefined, true);
  }

  /** A one-way client of one virtual object, by key. */
  objectSendClient<D extends Target>(def: D | { name: string }, key: string): IngressSendClient<D> {
    return this.proxy(def, key, true);
  }

  /** A client of one workflow instance, by key. */
  workflowClient<D extends Target>(
    def: D | { name: string },
    key: string,
  ): IngressClient<D> & WorkflowClient<D> {
    const calls = this.proxy(def, key, false, true);
    const base = `/restate/workflow/${segment(def.name)}/${segment(key)}`;
    const output = handlerSerdes(def, "run").output;
    return new Proxy(calls, {
      get: (target, prop) => {
        if (prop === "workflowSubmit")
          return (...args: unknown[]) => this.doSend(def, key, "run", args, true);
        if (prop === "workflowAttach")
          return async () =>
            output.deserialize(
              await request(this.t, "GET", `${base}/attach`, undefined, {}, true, true),
            );
        if (prop === "workflowOutput")
          return async () => output.deserialize(await request(this.t, "GET", `${base}/output`));
        return target[prop];
      },
    });
  }

  /** Waits for the result of an invocation started with a send client (or by its id). */
  async result<T>(handle: Send<T> | string, serde?: Serde<T>): Promise<T> {
    const id = typeof handle === "string" ? handle : handle.invocationId;
    const s =
      serde ?? (typeof handle === "string" ? undefined : handle.outputSerde) ?? defaultSerde;
    const path = `/restate/invocation/${segment(id)}/attach`;
    return s.deserialize(await request(this.t, "GET", path, undefined, {}, true, true));
  }

  /** The result of an invocation if it finished; throws an IngressError if it is still running. */
  async output<T>(handle: Send<T> | string, serde?: Serde<T>): Promise<T> {
    const id = typeof handle === "string" ? handle : handle.invocationId;
    const s =
      serde ?? (typeof handle === "string" ? undefined : handle.outputSerde) ?? defaultSerde;
    return s.deserialize(await request(this.t, "GET", `/restate/invocation/${segment(id)}/output`));
  }

  /** Waits for the result of the request made with this idempotency key. */
  async idempotentResult<T>(
    target: { service: Target; key?: string; handler: string; idempotencyKey: string },
    serde?: Serde<T>,
  ): Promise<T> {
    const keyPart = target.key === undefined ? "" : `/${segment(target.key)}`;
    const path = `/restate/invocation/${segment(target.service.name)}${keyPart}/${segment(target.handler)}/${segment(target.idempotencyKey)}/attach`;
    const s = serde ?? handlerSerdes(target.service, target.handler).output;
    return s.deserialize(await request(this.t, "GET", path, undefined, {}, true, true));
  }

  /** Completes an awakeable with a value. */
  async resolveAwakeable<T>(id: string, value?: T, serde?: Serde<T>): Promise<void> {
    const { body, headers } = encode(serde ?? defaultSerde, value);
    // Completing an awakeable twice creates nothing: safe to repeat on another node.
    const path = `/restate/awakeables/${segment(id)}/resolve`;
    await request(this.t, "POST", path, body, headers, true);
  }

  /** Completes an awakeable with a failure. */
  async rejectAwakeable(id: string, reason: string): Promise<void> {
    await request(
      this.t,
      "POST",
      `/restate/awakeables/${segment(id)}/reject`,
      new TextEncoder().encode(reason),
      { "content-type": "text/plain" },
      true,
    );
  }
}

function fetchOption(value: unknown): Fetch | undefined {
  if (value === undefined || typeof value === "function") return value as Fetch | undefined;
  throw new ResoluteError("RES_ERR_INVALID_ARGUMENT", "connect(): fetch must be a function.");
}

/** Connects to a Restate ingress. */
export function connect(options: ConnectOptions): Ingress {
  return new Ingress(options);
}
