// Fastify is loaded only when served.app is read, and a missing fastify package makes that read
// fail with an error that says how to install it. node:module's createRequire is wrapped to see
// (and, for one test, refuse) what the adapter requires.
import { afterEach, describe, expect, it, vi } from "vitest";

const required: string[] = [];
let fastifyMissing = false;
let fastifyBroken = false; // installed, but one of its own dependencies is missing
let fastifyImported = false; // by an import statement, which the adapter must not have

vi.mock("fastify", async (importOriginal) => {
  fastifyImported = true;
  return importOriginal();
});

vi.mock("node:module", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:module")>();
  const createRequire = (from: string | URL) => {
    const real = actual.createRequire(from);
    return Object.assign((id: string) => {
      required.push(id);
      if (id === "fastify" && fastifyMissing) {
        throw Object.assign(new Error("Cannot find module 'fastify'\nRequire stack:\n- x.js"), {
          code: "MODULE_NOT_FOUND",
        });
      }
      if (id === "fastify" && fastifyBroken) {
        throw Object.assign(new Error("Cannot find module 'avvio'\nRequire stack:\n- x.js"), {
          code: "MODULE_NOT_FOUND",
        });
      }
      return real(id);
    }, real);
  };
  return { ...actual, createRequire, default: { ...actual, createRequire } };
});

const { FastifyNotInstalledError, serve } = await import("../src/index.js");
const { ResoluteError } = await import("@resolute/core");
const { fakeEndpoint } = await import("./support/fake-endpoint.js");
const { h1fetch, h2fetch } = await import("./support/clients.js");

type Served = Awaited<ReturnType<typeof serve>>;
let served: Served | undefined;
afterEach(async () => {
  fastifyMissing = false;
  fastifyBroken = false;
  required.length = 0;
  await served?.close();
  served = undefined;
});

describe("served.app is lazy", () => {
  it("serving and answering over both protocols loads neither fastify nor pino", async () => {
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    expect((await h2fetch(served.port, "/health")).status).toBe(200);
    expect((await h1fetch(served.port, "/health")).status).toBe(200);
    // node:http is required on the first HTTP/1.1 connection; no package is.
    const packages = () => required.filter((id) => !id.startsWith("node:"));
    expect(packages()).toEqual([]);
    expect(fastifyImported).toBe(false);
    expect(served.app.server).toBe(served.server);
    expect(packages()).toEqual(["fastify"]);
  });

  it("without fastify installed, reading app throws an error that says npm install fastify", async () => {
    fastifyMissing = true;
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    expect(() => served!.app).toThrow(/npm install fastify/);
    const error = (() => {
      try {
        return served!.app;
      } catch (err) {
        return err;
      }
    })();
    // Exported and coded, so callers can tell it apart from other failures.
    expect(error).toBeInstanceOf(FastifyNotInstalledError);
    expect(error).toBeInstanceOf(ResoluteError);
    expect(error).toMatchObject({
      name: "FastifyNotInstalledError",
      code: "RES_ERR_FASTIFY_MISSING",
    });
    // The server itself does not need Fastify.
    expect((await h2fetch(served.port, "/health")).status).toBe(200);
  });

  it("a fastify that is installed but fails to load keeps its own error", async () => {
    fastifyBroken = true;
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    expect(() => served!.app).toThrow(/Cannot find module 'avvio'/);
    expect(() => served!.app).not.toThrow(FastifyNotInstalledError);
  });
});
