// The endpoint manifest served at GET /discover, in versions 2 to 4.
import { type Duration, durationMs } from "../context/duration.js";
import type { CommonOptions, HandlerOptions, RetryPolicy } from "../context/handler-options.js";
import { ResoluteError } from "../errors/resolute-error.js";
import type { Serde } from "../serde/serde.js";
import type { BoundHandler, BoundService } from "./bound.js";
import type { ProtocolMode } from "./transport.js";

export const MIN_PROTOCOL_VERSION = 5;
export const MAX_PROTOCOL_VERSION = 7;
const MANIFEST_VERSIONS = [4, 3, 2] as const;

export function manifestContentType(version: number): string {
  return `application/vnd.restate.endpointmanifest.v${version}+json`;
}

/** The highest manifest version the server accepts that we speak, or undefined. */
export function negotiateManifestVersion(accept: string | undefined): number | undefined {
  if (!accept) return undefined;
  return MANIFEST_VERSIONS.find((v) => accept.includes(manifestContentType(v)));
}

type Json = Record<string, unknown>;

const SERVICE_TYPE = {
  service: "SERVICE",
  object: "VIRTUAL_OBJECT",
  workflow: "WORKFLOW",
} as const;
const HANDLER_TYPE = { exclusive: "EXCLUSIVE", shared: "SHARED", workflow: "WORKFLOW" } as const;

/** Fields and the manifest version that introduced them. */
const SINCE: Record<string, number> = {
  documentation: 2,
  metadata: 2,
  inactivityTimeout: 3,
  abortTimeout: 3,
  journalRetention: 3,
  idempotencyRetention: 3,
  workflowCompletionRetention: 3,
  enableLazyState: 3,
  ingressPrivate: 3,
  retryPolicyInitialInterval: 4,
  retryPolicyMaxInterval: 4,
  retryPolicyMaxAttempts: 4,
  retryPolicyExponentiationFactor: 4,
  retryPolicyOnMaxAttempts: 4,
};

function ms(d: Duration | undefined): number | undefined {
  return d === undefined ? undefined : durationMs(d);
}

function commonFields(
  o: CommonOptions | undefined,
  description: string | undefined,
  metadata: Record<string, string> | undefined,
): Json {
  const r: RetryPolicy | undefined = o?.retryPolicy;
  return {
    documentation: description,
    metadata,
    inactivityTimeout: ms(o?.inactivityTimeout),
    abortTimeout: ms(o?.abortTimeout),
    journalRetention: ms(o?.journalRetention),
    idempotencyRetention: ms(o?.idempotencyRetention),
    enableLazyState: o?.enableLazyState,
    ingressPrivate: o?.ingressPrivate,
    retryPolicyInitialInterval: ms(r?.initialInterval),
    retryPolicyMaxInterval: ms(r?.maxInterval),
    retryPolicyMaxAttempts: r?.maxAttempts,
    retryPolicyExponentiationFactor: r?.exponentiationFactor,
    retryPolicyOnMaxAttempts: r?.onMaxAttempts?.toUpperCase(),
  };
}

function payload(serde: Serde<unknown>, isInput: boolean): Json {
  const contentType = serde.contentType ?? "application/json";
  const out: Json = isInput
    ? { required: false, contentType }
    : { setContentTypeIfEmpty: false, contentType };
  if (serde.jsonSchema !== undefined) out.jsonSchema = serde.jsonSchema;
  return out;
}

function handlerJson(h: BoundHandler): Json {
  const o: HandlerOptions = h.options;
  const json: Json = { name: h.name };
  if (h.kind !== undefined) json.ty = HANDLER_TYPE[h.kind];
  json.input = payload(h.input, true);
  json.output = payload(h.output, false);
  Object.assign(json, commonFields(o, o.description, o.metadata));
  if (h.kind === "workflow") {
    json.workflowCompletionRetention = ms(o.workflowRetention);
    delete json.idempotencyRetention; // not allowed on workflow handlers
  }
  return json;
}

/** Drops unset fields and checks that the negotiated version can carry the rest. */
function gate(json: Json, version: number, where: string): Json {
  for (const [k, v] of Object.entries(json)) {
    if (v === undefined) {
      delete json[k];
      continue;
    }
    const since = SINCE[k];
    if (since !== undefined && since > version) {
      throw new ResoluteError(
        "RES_ERR_DEFINITION",
        `${where} uses "${k}", which needs endpoint manifest v${since}, but the Restate server only accepts up to v${version}. Upgrade the server or remove the option.`,
      );
    }
  }
  return json;
}

export function buildManifest(
  services: readonly BoundService[],
  mode: ProtocolMode,
  version: number,
): Json {
  return {
    protocolMode: mode,
    minProtocolVersion: MIN_PROTOCOL_VERSION,
    maxProtocolVersion: MAX_PROTOCOL_VERSION,
    services: services.map((s) => {
      const def = s.definition;
      const handlers = [...s.handlers.values()].map((h) =>
        gate(handlerJson(h), version, `Handler ${def.name}/${h.name}`),
      );
      return gate(
        {
          name: def.name,
          ty: SERVICE_TYPE[def.kind],
          handlers,
          ...commonFields(def.options, def.description, def.metadata),
        },
        version,
        `Service ${def.name}`,
      );
    }),
  };
}
