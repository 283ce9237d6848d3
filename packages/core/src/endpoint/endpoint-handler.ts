// Routes one HTTP request: /discover, /health, /invoke/{service}/{handler}; anything else 404.
// The endpoint can live behind any prefix; routes.ts reads the path from its end.
import type { HooksProvider } from "../context/hooks.js";
import { AttemptFailureLog, type LogSink } from "../context/logging.js";
import { describeThrown, isInstance } from "../errors/describe-thrown.js";
import { ResoluteError } from "../errors/resolute-error.js";
import { VERSION } from "../version.js";
import type { BoundHandler, BoundService } from "./bound.js";
import { buildManifest, manifestContentType, negotiateManifestVersion } from "./discovery.js";
import type { IdentityVerifier } from "./identity.js";
import { type Drainable, type InvokeOptions, invoke } from "./invoke.js";
import { type Route, routeOf } from "./routes.js";
import type {
  BodySink,
  EndpointHandler,
  ProtocolMode,
  RequestHead,
  ResponseSink,
} from "./transport.js";

export const SERVER_HEADER = `resolute/${VERSION}`;
const INVOCATION_CONTENT_TYPE = /^application\/vnd\.restate\.invocation\.v(\d+)$/;
// The content types the server sends, so the common case matches no regular expression.
const KNOWN_VERSIONS = new Map<string, number>(
  [5, 6, 7].map((v) => [`application/vnd.restate.invocation.v${v}`, v]),
);

/** The protocol version a content type names, or 0 when it names none. */
function protocolVersionOf(contentType: string): number {
  const known = KNOWN_VERSIONS.get(contentType);
  if (known !== undefined) return known;
  const m = INVOCATION_CONTENT_TYPE.exec(contentType);
  return m ? Number(m[1]) : 0;
}
const encoder = new TextEncoder();

const IGNORE_BODY: BodySink = { push() {}, end() {}, abort() {} };

export interface EndpointConfig {
  readonly services: ReadonlyMap<string, BoundService>;
  /** Set when request identity keys are configured. */
  readonly identity: IdentityVerifier | undefined;
  readonly maxMessageSize: number | undefined;
  readonly hooks: readonly HooksProvider[];
  readonly logger: LogSink;
  /** The endpoint's own lines (failed attempts, pauses); `logger` when unset. */
  readonly systemLogger?: LogSink | undefined;
}

function header(head: RequestHead, name: string): string | undefined {
  const v = head.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function respond(
  res: ResponseSink,
  status: number,
  body: string,
  contentType = "application/json",
): BodySink {
  res.head(status, { "content-type": contentType, "x-restate-server": SERVER_HEADER });
  res.write(encoder.encode(body));
  res.end();
  return IGNORE_BODY;
}

function error(res: ResponseSink, err: ResoluteError, status = err.wireCode): BodySink {
  return respond(res, status, JSON.stringify({ message: err.message, code: err.code }));
}

export function createEndpointHandler(
  config: EndpointConfig,
  protocolMode: ProtocolMode,
): EndpointHandler {
  const manifests = new Map<number, string>();
  const resolved = new Map<string, BoundHandler>();
  const running = new Set<Drainable>();
  const systemLogger = config.systemLogger ?? config.logger;
  const failures = new AttemptFailureLog(systemLogger);

  const discover = (head: RequestHead, res: ResponseSink): BodySink => {
    const version = negotiateManifestVersion(header(head, "accept"));
    if (version === undefined) {
      return error(
        res,
        new ResoluteError(
          "RES_ERR_BAD_CONTENT_TYPE",
          `Unsupported discovery version: this endpoint serves endpoint manifests v2 to v4, the request accepts "${header(head, "accept") ?? ""}".`,
        ),
      );
    }
    let body = manifests.get(version);
    if (body === undefined) {
      try {
        body = JSON.stringify(buildManifest([...config.services.values()], protocolMode, version));
      } catch (e) {
        return error(
          res,
          isInstance(e, ResoluteError)
            ? e
            : new ResoluteError("RES_ERR_DEFINITION", describeThrown(e).message),
        );
      }
      manifests.set(version, body);
    }
    return respond(res, 200, body, manifestContentType(version));
  };

  // The options of every invocation at one protocol version: made once, not per request.
  const invokeOptions: InvokeOptions[] = [];
  const optionsFor = (protocolVersion: number): InvokeOptions =>
    (invokeOptions[protocolVersion] ??= {
      protocolVersion,
      maxMessageSize: config.maxMessageSize,
      hooks: config.hooks,
      logger: config.logger,
      systemLogger,
      failures,
      running,
    });

  // `r` is undefined for a path already resolved to a handler (always an invoke route).
  const route = (head: RequestHead, res: ResponseSink, r: Route | undefined): BodySink => {
    const path = head.path;
    if (r?.kind === "discover") return discover(head, res);
    // Found handlers are cached by path: the hot path is one map lookup.
    let handler = resolved.get(path);
    if (handler === undefined) {
      const found = findHandler(config.services, head.method, path, r ?? routeOf(path));
      if (found instanceof ResoluteError) return error(res, found);
      handler = found;
      if (resolved.size < 1024) resolved.set(path, handler);
    } else if (head.method !== "POST") {
      return error(res, noRoute(head.method, path));
    }
    const contentType = header(head, "content-type") ?? "";
    const version = protocolVersionOf(contentType);
    if (version < 5 || version > 7) {
      return error(
        res,
        new ResoluteError(
          "RES_ERR_BAD_CONTENT_TYPE",
          `Unsupported content type "${contentType}": this endpoint speaks application/vnd.restate.invocation.v5 to v7.`,
        ),
      );
    }
    res.head(200, { "content-type": contentType, "x-restate-server": SERVER_HEADER });
    return invoke(handler, head, res, optionsFor(version));
  };

  const identity = config.identity;
  return {
    protocolMode,
    handle(head, res) {
      // A path that resolved to a handler before is an invoke route: no need to parse it again.
      const r = resolved.has(head.path) ? undefined : routeOf(head.path);
      if (r?.kind === "health") return respond(res, 200, "OK", "application/text");
      if (!identity) return route(head, res, r);
      return verified(identity, head, res, (h, s) => route(h, s, r));
    },
    drain() {
      for (const attempt of running) attempt.drain();
    },
  };
}

function noRoute(method: string, path: string): ResoluteError {
  return new ResoluteError(
    "RES_ERR_UNKNOWN_HANDLER",
    `No route for ${method} ${path}: expected POST /invoke/{service}/{handler}, GET /discover or GET /health.`,
  );
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding
  }
}

function findHandler(
  services: ReadonlyMap<string, BoundService>,
  method: string,
  path: string,
  r: Route,
): BoundHandler | ResoluteError {
  if (r.kind !== "invoke" || method !== "POST") return noRoute(method, path);
  const serviceName = decode(r.service) ?? r.service;
  const handlerName = decode(r.handler) ?? r.handler;
  const service = services.get(serviceName);
  const handler = service?.handlers.get(handlerName);
  if (service && handler) return handler;
  const known = [...services.keys()].join(", ") || "none";
  return new ResoluteError(
    "RES_ERR_UNKNOWN_HANDLER",
    service
      ? `Service ${service.definition.name} has no handler "${handlerName}"; it has: ${[...service.handlers.keys()].join(", ")}.`
      : `No service "${serviceName}" is bound to this endpoint (bound: ${known}). Bind it with endpoint().bind(...) and re-register the deployment.`,
  );
}

/** Holds the body until the request's signature is checked, then routes it or answers 401. */
function verified(
  identity: IdentityVerifier,
  head: RequestHead,
  res: ResponseSink,
  route: (head: RequestHead, res: ResponseSink) => BodySink,
): BodySink {
  const held: Uint8Array[] = [];
  let ended = false;
  let aborted: { reason: unknown } | undefined;
  let target: BodySink | undefined;
  identity.check(head.path, head.headers, Date.now()).then(
    (reason) => {
      if (aborted) return;
      if (reason !== undefined) {
        target = error(res, new ResoluteError("RES_ERR_UNAUTHORIZED", `Unauthorized: ${reason}.`));
        return;
      }
      target = route(head, res);
      for (const chunk of held.splice(0)) target.push(chunk);
      if (ended) target.end();
    },
    () => {
      target = error(
        res,
        new ResoluteError(
          "RES_ERR_UNAUTHORIZED",
          "Unauthorized: the signature could not be checked.",
        ),
      );
    },
  );
  return {
    push(chunk) {
      if (target) target.push(chunk);
      else held.push(chunk);
    },
    end() {
      ended = true;
      target?.end();
    },
    abort(reason) {
      aborted = { reason };
      target?.abort(reason);
    },
  };
}
