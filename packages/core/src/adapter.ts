/**
 * @module @resolute/core/adapter
 * For packages that serve, call or test Resolute endpoints (an HTTP adapter, a client, a test
 * harness), not for handler code: the transport seam between the core and a server, and the
 * helpers that let such a package treat payloads and client arguments exactly as the core does.
 *
 * @example
 * import type { ServableEndpoint } from "@resolute/core/adapter";
 * const handler = (ep: ServableEndpoint) => ep.handler({ protocolMode: "REQUEST_RESPONSE" });
 */

export {
  type HandlerArgs,
  type HandlerResult,
  splitArgs,
} from "./context/clients.js";
export { handlerMark } from "./context/handler-options.js";
export { handlerSerdes } from "./definition/handler-serdes.js";
export type {
  BodySink,
  EndpointHandler,
  HandlerBuildOptions,
  ProtocolMode,
  RequestHead,
  ResponseSink,
  ServableEndpoint,
} from "./endpoint/transport.js";
export { toSerde, validateAsync } from "./serde/index.js";
export { awakeableId, parseAwakeableId } from "./vm/awakeable-id.js";
