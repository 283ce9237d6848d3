// Run by e2e/packaging.test.ts inside a consumer project outside the workspace, where the
// packages are installed from their packed tarballs: it imports them exactly as a user would
// and prints what it found as JSON on stdout.
const core = await import("@resolute/core");
const adapter = await import("@resolute/core/adapter");
const protocol = await import("@resolute/core/protocol");
const { createTestContext } = await import("@resolute/testing");
const { createFetchHandler } = await import("@resolute/fetch");

/** The error a function throws (or its promise rejects with). */
async function thrown(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

// Every entry point of every installed package, by the name a user imports.
const imported = {};
for (const name of JSON.parse(process.argv[2])) {
  imported[name] = Object.keys(await import(name)).length;
}

const rejectAll = {
  "~standard": {
    version: 1,
    vendor: "consumer",
    validate: () => ({ issues: [{ message: "no" }] }),
  },
};
const fromAdapter = await thrown(() => adapter.toSerde(42, core.defaultSerde));
const fromValidation = await thrown(() => adapter.validateAsync(rejectAll, 1));
const fromProtocol = await thrown(() => {
  const decoder = new protocol.FrameDecoder(4);
  decoder.push(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 9]));
  decoder.next();
});

// A handler run by @resolute/testing's built engine: a TerminalError thrown with @resolute/core's
// class by the test's onCall must be recognised by the testing package as terminal (code kept).
const caller = core.service({
  name: "Caller",
  handlers: {
    greet: async (_ctx, name) => `Hello ${name}`,
    callElsewhere: async (ctx) => ctx.serviceClient({ name: "Elsewhere" }).m(1),
  },
});
const t = createTestContext({
  onCall: () => {
    throw new core.TerminalError("refused by onCall", { errorCode: 409 });
  },
});
const greeting = await t.invoke(caller, "greet", "Ann");
const fromTesting = await thrown(() => t.invoke(caller, "callElsewhere"));

// Discovery through the fetch adapter: the x-restate-server header carries the package version.
const handle = createFetchHandler(core.endpoint().bind(caller));
const discovery = await handle(
  new Request("http://localhost/discover", {
    headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" },
  }),
);

// The Fastify plugin inside the consumer's own Fastify app (fastify is a peer dependency).
const { default: fastify } = await import("fastify");
const { resolute } = await import("@resolute/fastify");
const app = fastify();
await app.register(resolute, { endpoint: core.endpoint().bind(caller), prefix: "/restate" });
const viaFastify = await app.inject({
  method: "GET",
  url: "/restate/discover",
  headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" },
});
await app.close();

console.log(
  JSON.stringify({
    node: process.versions.node,
    imported,
    adapterErrorIsResoluteError: fromAdapter instanceof core.ResoluteError,
    adapterErrorCode: fromAdapter?.code,
    validationErrorIsTerminalError: fromValidation instanceof core.TerminalError,
    protocolErrorIsResoluteError: fromProtocol instanceof core.ResoluteError,
    greeting,
    testingErrorIsTerminalError: fromTesting instanceof core.TerminalError,
    testingErrorCode: fromTesting?.code,
    discoveryStatus: discovery.status,
    serverHeader: discovery.headers.get("x-restate-server"),
    fastifyDiscoveryStatus: viaFastify.statusCode,
    fastifyServices: JSON.parse(viaFastify.body).services?.map((service) => service.name),
  }),
);
