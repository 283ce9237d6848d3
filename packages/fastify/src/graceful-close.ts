// Closing without cutting in-flight invocations short: the server stops accepting connections,
// running invocations are asked to drain, HTTP/2 connections get GOAWAY and idle HTTP/1.1 ones
// end; open requests finish within a time limit, after which their connections are destroyed
// (the core then sees aborts).
import type { EndpointHandler } from "@resolute/core/adapter";
import type { ConnectionRouter } from "./connection-router.js";

/**
 * Closes the server; resolves once every connection is gone. Not idempotent: serve()'s close()
 * calls it once and hands every caller the same promise.
 */
export async function closeGracefully(
  router: ConnectionRouter,
  handler: EndpointHandler,
  timeoutMs: number,
): Promise<void> {
  // net.Server calls back once it stopped listening and its last connection closed.
  const closed = new Promise<void>((resolve, reject) =>
    router.server.close((err) => (err ? reject(err) : resolve())),
  );
  // Invocations waiting for a result suspend at once instead of holding their stream open
  // until the timeout; those executing a step finish it first.
  handler.drain?.();
  router.shutdown();
  const timer = setTimeout(() => router.destroy(), timeoutMs).unref();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
