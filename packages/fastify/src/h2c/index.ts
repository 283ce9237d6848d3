// A lean HTTP/2 cleartext (prior knowledge) server for the endpoint: an internal module that
// serve() hands sockets to, bypassing node:http2. Not part of the package's public API.
import type { Socket } from "node:net";
import type { EndpointHandler } from "@resolute/core/adapter";
import { H2cServerConnection } from "./connection.js";
import type { H2cConnection, H2cConnectionOptions } from "./types.js";

export { H2cConnectionError, H2cStreamAborted, H2cStreamError } from "./errors.js";
export type { H2cConnection, H2cConnectionOptions } from "./types.js";

/** Serves HTTP/2 requests arriving on `socket` with `handler` until the socket closes. */
export function serveH2cConnection(
  socket: Socket,
  handler: Pick<EndpointHandler, "handle">,
  options?: H2cConnectionOptions,
): H2cConnection {
  return new H2cServerConnection(socket, handler, options);
}
