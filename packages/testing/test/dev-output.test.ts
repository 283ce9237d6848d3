// What `resolute dev` prints about the user's code: errors reduced to the user's frames, and
// the endpoint's log as readable lines.
import { describe, expect, it } from "vitest";
import { hintFor, userFacingError } from "../src/dev/error-text.js";
import { readableLogLine } from "../src/dev/log-lines.js";

describe("userFacingError", () => {
  it("keeps the message and the user's frames, drops Node's, node_modules' and the child's", () => {
    const stack = [
      "SyntaxError: Expected property name or '}' in JSON at position 1",
      "    at JSON.parse (<anonymous>)",
      "    at <anonymous> (/home/ann/app/src/greeter.ts:6:21)",
      "    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)",
      "    at async ModuleLoader.import (node:internal/modules/esm/loader:606:24)",
      "    at async load (file:///home/ann/app/node_modules/@resolute/testing/dist/dev/endpoint-child.js:17:21)",
      "    at async file:///work/packages/testing/dist/dev/endpoint-child.js:39:22",
    ].join("\n");
    expect(userFacingError(stack)).toBe(
      [
        "SyntaxError: Expected property name or '}' in JSON at position 1",
        "    at JSON.parse (<anonymous>)",
        "    at <anonymous> (/home/ann/app/src/greeter.ts:6:21)",
      ].join("\n"),
    );
  });

  it("reduces a TypeScript syntax error to esbuild's message, which names file, line and column", () => {
    const stack = [
      "TransformError: Transform failed with 1 error:",
      '/home/ann/app/src/greeter.ts:15:34: ERROR: Unexpected ";"',
      "    at failureErrorWithLog (/home/ann/app/node_modules/.pnpm/esbuild@0.28.2/node_modules/esbuild/lib/main.js:1752:15)",
      "    at /home/ann/app/node_modules/.pnpm/esbuild@0.28.2/node_modules/esbuild/lib/main.js:1019:50",
      "    at Socket.emit (node:events:524:28)",
      "    at Pipe.onStreamRead (node:internal/stream_base_commons:191:23)",
    ].join("\n");
    expect(userFacingError(stack)).toBe(
      'TransformError: Transform failed with 1 error:\n/home/ann/app/src/greeter.ts:15:34: ERROR: Unexpected ";"',
    );
  });

  it("leaves a message without a stack as it is", () => {
    expect(userFacingError("src/endpoint.ts exports no endpoint")).toBe(
      "src/endpoint.ts exports no endpoint",
    );
  });
});

describe("hintFor", () => {
  it("explains a port in use at import: the module serves itself", () => {
    expect(hintFor("Error: listen EADDRINUSE: address already in use 127.0.0.1:9080")).toContain(
      "call serve() in another file",
    );
    expect(hintFor("SyntaxError: Unexpected token")).toBeUndefined();
  });
});

describe("readableLogLine", () => {
  const line = (record: object) =>
    JSON.stringify({ level: 30, time: 1, pid: 2, hostname: "h", ...record });

  it("writes ctx.console lines like the console sink: where, invocation, message", () => {
    expect(
      readableLogLine(
        line({
          service: "Counter",
          handler: "add",
          key: "demo",
          invocationId: "inv_1",
          msg: "adding 5",
        }),
      ),
    ).toBe("[Counter/demo/add][inv_1] adding 5");
  });

  it("labels warnings, and leaves out fields the message already states", () => {
    expect(
      readableLogLine(
        line({
          level: 40,
          service: "Greeter",
          handler: "greet",
          invocationId: "inv_2",
          attempt: "1",
          errorCode: "500",
          trace_id: "abc",
          msg: "Attempt 1 of Greeter/greet failed",
        }),
      ),
    ).toBe("WARN [Greeter/greet][inv_2][trace_id=abc] Attempt 1 of Greeter/greet failed");
  });

  it("appends an error's stack, and passes lines that are not JSON through", () => {
    expect(
      readableLogLine(line({ level: 50, msg: "boom", err: { stack: "Error: boom\n    at x" } })),
    ).toBe("ERROR boom\nError: boom\n    at x");
    expect(readableLogLine("plain text")).toBe("plain text");
    expect(readableLogLine("42")).toBe("42");
  });
});
