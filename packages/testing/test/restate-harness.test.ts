// The real-server harness: its small parts in isolation, plus one quick start/stop against the
// real restate-server binary. The longer lifecycle scenarios live in e2e/harness.test.ts.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeStateValue } from "../src/decode-value.js";
import { releasePorts, reservePorts } from "../src/free-ports.js";
import { startRestate } from "../src/index.js";
import { LogBuffer } from "../src/log-buffer.js";
import { RestateServer } from "../src/restate-server.js";
import { pidAlive, portAccepts } from "./harness-support/probes.js";

describe("free ports", () => {
  it("hands out distinct ports and never the same one twice while reserved", async () => {
    const first = await reservePorts(3);
    const second = await reservePorts(3);
    expect(new Set([...first, ...second]).size).toBe(6);
    releasePorts([...first, ...second]);
  });

  it("honours a port range and reports when it is too small", async () => {
    const from = 20000 + Math.floor(Math.random() * 20000);
    const ports = await reservePorts(2, [from, from + 9]);
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(from);
    for (const port of ports) expect(port).toBeLessThanOrEqual(from + 9);
    await expect(reservePorts(9, [from, from + 9])).rejects.toThrow(/widen the range/);
    releasePorts(ports);
    await expect(reservePorts(1, [10, 5])).rejects.toThrow(/Invalid portRange/);
  });
});

describe("log buffer", () => {
  it("keeps the most recent output, cut at a line boundary", () => {
    const logs = new LogBuffer(20);
    logs.append("line one\nline two\n");
    logs.append(Buffer.from("line three\n"));
    expect(logs.text()).toBe("line three\n");
    expect(logs.tail(1)).toBe("line three");
  });
});

describe("state values", () => {
  it("decodes hex-encoded JSON bytes; empty bytes are undefined", () => {
    expect(decodeStateValue(Buffer.from('{"a":[1,"x"]}').toString("hex"))).toEqual({ a: [1, "x"] });
    expect(decodeStateValue("3432")).toBe(42);
    expect(decodeStateValue("")).toBeUndefined();
  });
});

describe("restate-server", () => {
  it("fails with the exit code and the server's own message", async () => {
    const error = await startRestate({ serverArgs: ["--no-such-flag"] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/exited with code 2 before becoming healthy/);
    expect((error as Error).message).toMatch(/--no-such-flag/);
  });

  it("gives up when the server does not become ready in time, and kills it", async () => {
    // The ingress binds elsewhere than where the harness looks, so readiness never comes.
    const [elsewhere = 0] = await reservePorts(1);
    const error = await RestateServer.start({
      env: { RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${elsewhere}` },
      readyTimeoutMs: 1_500,
    }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/did not become ready within 1.5 s/);
    expect((error as Error).message).toMatch(
      /still waiting for: GET http:\/\/127.0.0.1:\d+\/restate\/health/,
    );
    expect((error as Error).message).toMatch(/last restate-server log lines/);
    expect(await portAccepts(elsewhere)).toBe(false);
    releasePorts([elsewhere]);
  });

  it("starts healthy, and stop() leaves no process, port or directory", async () => {
    const server = await RestateServer.start({});
    const pid = server.pid!;
    try {
      expect(pidAlive(pid)).toBe(true);
      expect((await fetch(`${server.adminUrl}/health`)).status).toBe(200);
      expect((await fetch(`${server.ingressUrl}/restate/health`)).status).toBe(200);
      expect(existsSync(server.tempDir)).toBe(true);
      expect(server.logs.text()).toMatch(/Starting Restate Server/);
    } finally {
      await server.stop();
    }
    expect(pidAlive(pid)).toBe(false);
    for (const port of Object.values(server.ports)) expect(await portAccepts(port)).toBe(false);
    expect(existsSync(server.tempDir)).toBe(false);
    await server.stop(); // idempotent
  });
});
