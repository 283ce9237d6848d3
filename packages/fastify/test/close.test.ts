// Graceful shutdown: close() waits for in-flight requests, up to closeTimeout, then frees the port.
import { once } from "node:events";
import { request } from "node:http";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { serve } from "../src/index.js";
import { h1fetch, h2connect, h2fetch, h2open, INVOCATION } from "./support/clients.js";
import { fakeEndpoint } from "./support/fake-endpoint.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  const [event] = await Promise.race([once(server, "listening"), once(server, "error")]).then(
    () => ["listening"],
    () => ["error"],
  );
  if (event === "listening") await new Promise((resolve) => server.close(resolve));
  return event === "listening";
}

describe("close()", () => {
  it("h2c: waits for an in-flight stream, refuses new work, then frees the port", async () => {
    const fake = fakeEndpoint();
    const served = await serve(fake, { logger: false, port: 0 });
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/h", INVOCATION);
    stream.write("part");
    await once(stream, "data");

    const closing = served.close();
    expect(await settlesWithin(closing, 200)).toBe(false);
    await expect(h2fetch(served.port, "/health")).rejects.toThrow();
    // The in-flight stream still flows both ways.
    stream.write("more");
    expect(String((await once(stream, "data"))[0])).toBe("more");

    stream.end();
    await once(stream, "end");
    await closing;
    expect(fake.aborts).toEqual([]);
    expect(await portIsFree(served.port)).toBe(true);
  });

  it("HTTP/1.1: waits for an in-flight request, then frees the port", async () => {
    const served = await serve(fakeEndpoint(), { logger: false, port: 0, http1: true });
    const req = request({
      host: "127.0.0.1",
      port: served.port,
      path: "/invoke/S/h",
      method: "POST",
      headers: INVOCATION,
    });
    req.write("part"); // HTTP/1.1 sends the response head with the first echoed chunk
    const [res] = await once(req, "response");
    await once(res, "data");

    const closing = served.close();
    expect(await settlesWithin(closing, 200)).toBe(false);
    await expect(h1fetch(served.port, "/health")).rejects.toThrow();
    req.end();
    await once(res, "end");
    await closing;
    expect(await portIsFree(served.port)).toBe(true);
  });

  it("cuts requests still open after closeTimeout, aborting their bodies", async () => {
    const fake = fakeEndpoint();
    const served = await serve(fake, { logger: false, port: 0, closeTimeout: 150 });
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/hold", INVOCATION);
    stream.write("part");
    await once(stream, "data");

    const started = Date.now();
    await served.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(fake.aborts).toHaveLength(1);
    expect(await portIsFree(served.port)).toBe(true);
  });

  it("close() called again, during or after closing, returns the same promise", async () => {
    const served = await serve(fakeEndpoint(), { logger: false, port: 0 });
    let appCloses = 0;
    served.app.addHook("onClose", async () => {
      appCloses++;
    });
    const first = served.close();
    expect(served.close()).toBe(first);
    await first;
    expect(served.close()).toBe(first);
    expect(appCloses).toBe(1);
    expect(await portIsFree(served.port)).toBe(true);
  });

  it("handleSignals: SIGTERM closes the server; close() removes the handler", async () => {
    const before = process.listenerCount("SIGTERM");
    const served = await serve(fakeEndpoint(), { logger: false, port: 0, handleSignals: true });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    // Another listener keeps the process alive: the handler only re-raises when it is alone.
    const keepAlive = () => {};
    process.on("SIGTERM", keepAlive);
    try {
      process.emit("SIGTERM", "SIGTERM");
      await served.close(); // the same close, already under way
      expect(await portIsFree(served.port)).toBe(true);
      expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    } finally {
      process.off("SIGTERM", keepAlive);
    }

    const quiet = await serve(fakeEndpoint(), { logger: false, port: 0, handleSignals: true });
    await quiet.close();
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});
