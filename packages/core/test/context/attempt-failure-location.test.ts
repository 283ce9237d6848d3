// A failed attempt's log line names where the handler failed: the first stack frame in user
// code (SDK and Node frames skipped); the whole stack is a field for structured sinks, and the
// console sink still prints one line. The expected line numbers are those of the two handlers below.
import { afterEach, describe, expect, it, vi } from "vitest";
import { userFrameOf } from "../../src/context/user-frame.js";
import { type Context, consoleSink, endpoint, service } from "../../src/index.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";

interface Line {
  readonly level: string;
  readonly fields: Readonly<Record<string, string>> | undefined;
  readonly text: string;
}

async function failOnce(handler: (ctx: Context) => Promise<unknown>): Promise<Line[]> {
  const lines: Line[] = [];
  const svc = service({ name: "Greeter", handlers: { greet: handler } });
  await invokeOnce(endpoint().bind(svc), "/invoke/Greeter/greet", json(null), {
    logger: {
      log: (level, c, args) => lines.push({ level, fields: c.fields, text: String(args[0]) }),
    },
  });
  return lines.filter((l) => l.text.startsWith("Attempt "));
}

describe("the attempt failure log says where the handler failed", () => {
  afterEach(() => vi.restoreAllMocks());

  it("names the handler's own line, on one line, with the full stack as a field", async () => {
    const [line, ...more] = await failOnce(async () => (null as any).boom);
    expect(more).toEqual([]);
    expect(line?.text).toMatch(
      /^Attempt 1 of Greeter\/greet .*\[500\] Cannot read properties of null \(reading 'boom'\) \(at [^ ]*attempt-failure-location\.test\.ts:30:\d+\)$/,
    );
    expect(line?.text).not.toContain("\n");
    expect(line?.fields?.errorStack).toMatch(/^TypeError: Cannot read properties of null/);
    expect(line?.fields?.errorStack).toContain("attempt-failure-location.test.ts");
  });

  it("skips the SDK's frames when the error is thrown inside ctx.*", async () => {
    const [line] = await failOnce(async (ctx) => ctx.sleep({ fortnights: 1 } as never));
    const stack = line?.fields?.errorStack ?? "";
    // The error was made in the SDK, so the stack starts there...
    expect(stack.split("\n")[1]).toMatch(/packages[/\\]core[/\\]src[/\\]/);
    // ...but the line points at the handler that called it.
    expect(line?.text).toMatch(/\(at [^ ]*attempt-failure-location\.test\.ts:41:\d+\)$/);
  });

  it("the console sink prints the line without the stack", async () => {
    const printed = vi.spyOn(console, "warn").mockImplementation(() => {});
    const svc = service({
      name: "Greeter",
      handlers: { greet: async () => (null as any).boom },
    });
    await invokeOnce(endpoint().bind(svc), "/invoke/Greeter/greet", json(null), {
      logger: consoleSink,
    });
    expect(printed).toHaveBeenCalledTimes(1);
    const out = printed.mock.calls[0]!.map(String).join(" ");
    expect(out).toContain("[attempt=1][errorCode=500]");
    expect(out).toMatch(/\(at [^ ]*attempt-failure-location\.test\.ts:\d+:\d+\)$/);
    expect(out).not.toContain("\n");
  });
});

describe("userFrameOf", () => {
  it("returns the first frame outside @resolute/* and node: internals, without file://", () => {
    const stack = [
      "Error: x",
      "    at Object.encode (/app/node_modules/@resolute/core/dist/esm/core.js:10:5)",
      "    at Array.map (<anonymous>)",
      "    at async Promise.all (index 0)",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "    at greet (file:///app/src/greeter.js:12:20)",
      "    at file:///app/src/main.js:3:1",
    ].join("\n");
    expect(userFrameOf(stack)).toBe("/app/src/greeter.js:12:20");
  });

  it("takes a frame without a function name", () => {
    expect(userFrameOf("Error: x\n    at C:\\app\\main.js:3:1")).toBe("C:\\app\\main.js:3:1");
  });

  it("is undefined when every frame is the SDK's or the runtime's, or there is no stack", () => {
    expect(
      userFrameOf(
        "Error: x\n    at f (/n/node_modules/@resolute/fastify/dist/esm/index.js:1:1)\n    at node:net:1:2",
      ),
    ).toBeUndefined();
    expect(userFrameOf(undefined)).toBeUndefined();
    expect(userFrameOf("")).toBeUndefined();
  });
});
