// The official SDK's runtime exports (@restatedev/restate-sdk 1.17.2, main entry), each either
// offered by @resolute/core or named in the porting guide with the reason it is not.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as core from "../../src/index.js";

const OFFICIAL_VALUES = [
  "CancelledError",
  "CombineablePromise",
  "InvocationIdParser",
  "Opts",
  "PauseError",
  "RestateError",
  "RestatePromise",
  "RetryableError",
  "SendOpts",
  "TerminalError",
  "TimeoutError",
  "createEndpointHandler",
  "createObjectHandler",
  "createObjectSharedHandler",
  "createServiceHandler",
  "createWorkflowHandler",
  "createWorkflowSharedHandler",
  "endpoint",
  "handlers",
  "iface",
  "implement",
  "internal",
  "isRestatePromise",
  "object",
  "rpc",
  "serde",
  "serve",
  "service",
  "workflow",
];
/** Not in @resolute/core; docs/guides/porting.md says where they are or why not. */
const DOCUMENTED_ABSENT = ["createEndpointHandler", "iface", "implement", "internal", "serve"];

describe("the official SDK's values", () => {
  it("are all exported, except the documented ones", () => {
    const missing = OFFICIAL_VALUES.filter((name) => !(name in core));
    expect(missing).toEqual(DOCUMENTED_ABSENT);
  });

  it("the porting guide names each one that is absent", () => {
    const guide = readFileSync(
      new URL("../../../../docs/guides/porting.md", import.meta.url),
      "utf8",
    );
    for (const name of DOCUMENTED_ABSENT) expect(guide, name).toContain(`\`${name}`);
  });
});

describe("create*Handler", () => {
  it("are the handlers.* functions themselves", () => {
    expect(core.createServiceHandler).toBe(core.handlers.handler);
    expect(core.createObjectHandler).toBe(core.handlers.object.exclusive);
    expect(core.createObjectSharedHandler).toBe(core.handlers.object.shared);
    expect(core.createWorkflowHandler).toBe(core.handlers.workflow.workflow);
    expect(core.createWorkflowSharedHandler).toBe(core.handlers.workflow.shared);
  });
});

describe("CombineablePromise", () => {
  it("is RestatePromise under its former name", () => {
    expect(core.CombineablePromise).toBe(core.RestatePromise);
  });
});

describe("InvocationIdParser.fromString", () => {
  it("returns an id that starts with inv unchanged", () => {
    const id = "inv_1gdJBtdVEcM942bjcDmb1c1khoaJe11Hbz";
    expect(core.InvocationIdParser.fromString(id)).toBe(id);
  });

  it.each([
    ["", "abc"],
    ["bad", "Inv_1"],
    ["not a string", 42],
  ])("refuses %s with RES_ERR_INVALID_ARGUMENT", (_what, value) => {
    const call = () => core.InvocationIdParser.fromString(value as string);
    expect(call).toThrow(core.ResoluteError);
    expect(call).toThrow(/expected an invocation id starting with 'inv'/);
    try {
      call();
    } catch (e) {
      expect((e as core.ResoluteError).code).toBe("RES_ERR_INVALID_ARGUMENT");
    }
  });
});
