/**
 * @module @resolute/client
 * A typed client for calling Resolute (and any Restate) handlers through the ingress.
 *
 * @example
 * const rs = connect({ url: "http://localhost:8080" });
 * const greeting = await rs.serviceClient(greeter).greet("Ann");
 *
 * @example Several nodes of a cluster: spread requests, fail over without duplicate invocations.
 * const rs = connect({ url: [node1, node2, node3], retry: { idempotent: true } });
 */
export { IngressError, IngressTimeoutError, IngressUnavailableError } from "./errors.js";
export type { RetryOptions } from "./failover.js";
export {
  type ConnectOptions,
  connect,
  Ingress,
  type IngressClient,
  type IngressSendClient,
  type RequestOptions,
  type Send,
  type WorkflowClient,
} from "./ingress-client.js";
