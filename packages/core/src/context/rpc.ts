// Calls between services: typed client proxies over genericCall/genericSend.
import type { Serde } from "../serde/serde.js";
import {
  type Client,
  type ClientTarget,
  Opts,
  type SendClient,
  type SendOptions,
  SendOpts,
  splitArgs,
} from "./clients.js";
import { handlerMark, type PayloadSpec } from "./handler-options.js";
import type { InvocationHandle, InvocationPromise } from "./promise-types.js";
import type { GenericCall, GenericSend } from "./types.js";

export type PayloadResolver = (spec: PayloadSpec | undefined) => Serde<any> | undefined;

function serdesOf(target: ClientTarget, method: string, resolve: PayloadResolver) {
  const fn = target.handlers?.[method];
  const mark = typeof fn === "function" ? handlerMark(fn as never) : undefined;
  return { input: resolve(mark?.options.input), output: resolve(mark?.options.output) };
}

export function makeClient(
  target: ClientTarget,
  key: string | undefined,
  call: (c: GenericCall<unknown, unknown>) => InvocationPromise<unknown>,
  resolve: PayloadResolver,
): Client<any> {
  return new Proxy({} as Client<any>, {
    get(_t, method) {
      if (typeof method !== "string" || method === "then") return undefined;
      return (...args: unknown[]) => {
        const { input, opts } = splitArgs(args, Opts);
        const s = serdesOf(target, method, resolve);
        const o = opts?.options;
        const c: GenericCall<unknown, unknown> = { service: target.name, method, parameter: input };
        if (key !== undefined) c.key = key;
        const inSerde = o?.input ?? s.input;
        const outSerde = o?.output ?? s.output;
        if (inSerde) c.inputSerde = inSerde;
        if (outSerde) c.outputSerde = outSerde;
        if (o?.headers) c.headers = o.headers;
        if (o?.idempotencyKey !== undefined) c.idempotencyKey = o.idempotencyKey;
        if (o?.name !== undefined) c.name = o.name;
        return call(c);
      };
    },
  });
}

export function makeSendClient(
  target: ClientTarget,
  key: string | undefined,
  defaults: SendOptions | undefined,
  send: (c: GenericSend<unknown>) => InvocationHandle,
  resolve: PayloadResolver,
): SendClient<any> {
  return new Proxy({} as SendClient<any>, {
    get(_t, method) {
      if (typeof method !== "string" || method === "then") return undefined;
      return (...args: unknown[]) => {
        const { input, opts } = splitArgs(args, SendOpts);
        const o = { ...defaults, ...opts?.options };
        const s = serdesOf(target, method, resolve);
        const c: GenericSend<unknown> = { service: target.name, method, parameter: input };
        if (key !== undefined) c.key = key;
        const inSerde = o.input ?? s.input;
        if (inSerde) c.inputSerde = inSerde;
        if (o.headers) c.headers = o.headers;
        if (o.idempotencyKey !== undefined) c.idempotencyKey = o.idempotencyKey;
        if (o.name !== undefined) c.name = o.name;
        if (o.delay !== undefined) c.delay = o.delay;
        return send(c);
      };
    },
  });
}
