// Fastify is loaded only when served.app is read, and a missing fastify package makes that read
// fail with an error that says how to install it. node:module's createRequire is wrapped to see
// (and, for one test, refuse) what the adapter requires.
import { afterEach, describe, expect, it, vi } from "vitest";

const required: string[] = [];
let fastifyMissing = false;
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
        throw Object.assign(new Error("Cannot find module 'fastify'"), {
          code: "MODULE_NOT_FOUND",
        });
      }
      return real(id);
    }, real);
  };
  return { ...actual, createRequire, default: { ...actual, createRequire } };
});

const { serve } = await import("../src/index.js");
const { fakeEndpoint } = await import("./support/fake-endpoint.js");
const { h1fetch, h2fetch } = await import("./support/clients.js");

type Served = Awaited<ReturnType<typeof serve>>;
let served: Served | undefined;
afterEach(async () => {
  fastifyMissing = false;
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
    // The server itself does not need Fastify.
    expect((await h2fetch(served.port, "/health")).status).toBe(200);
  });
});
