// startRestate({ nodes: 3 }): a real 3-node cluster on loopback. Node life cycle (kill, stop,
// restart), routing through every node's ingress, fail-over of env.client, and a stop() that
// leaves nothing behind whatever state the nodes are in; and the same node API on one node.
import { existsSync } from "node:fs";
import { connect } from "@resolute/client";
import { rpc } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pidAlive, portAccepts } from "../packages/testing/test/harness-support/probes.js";
import { clusterEndpoint, tally } from "./support/cluster-services.js";

const TIMEOUT = 180_000;
const portOf = (url: string) => Number(new URL(url).port);

/** The harness's own view of a node, for checks that the public API does not offer. */
const internals = (env: RestateEnv, i: number) =>
  (env.nodes[i] as unknown as { server: { pid: number | undefined; tempDir: string } }).server;

async function addThrough(ingressUrl: string, key: string, n: number): Promise<number> {
  const response = await fetch(`${ingressUrl}/Tally/${key}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(n),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as number;
}

describe("a 3-node cluster with replication 2", () => {
  let env: RestateEnv;
  beforeAll(async () => {
    env = await startRestate({ endpoint: clusterEndpoint(), nodes: 3, replication: 2 });
  }, TIMEOUT);
  afterAll(() => env?.stop(), TIMEOUT);

  it("has three nodes with their own ports, and every ingress routes to the endpoint", async () => {
    expect(env.nodes.map((n) => n.name)).toEqual(["node-1", "node-2", "node-3"]);
    const ports = env.nodes.flatMap((n) => [portOf(n.ingressUrl), portOf(n.adminUrl)]);
    expect(new Set(ports).size).toBe(6);
    expect(env.ingressUrl).toBe(env.nodes[0]!.ingressUrl);
    // One object, updated through each node in turn: all see the same state.
    expect(await addThrough(env.nodes[0]!.ingressUrl, "routing", 1)).toBe(1);
    expect(await addThrough(env.nodes[1]!.ingressUrl, "routing", 1)).toBe(2);
    expect(await addThrough(env.nodes[2]!.ingressUrl, "routing", 1)).toBe(3);
    expect(await env.stateOf(tally, "routing").get("count")).toBe(3);
  });

  it("attaches to an invocation by id or by idempotency key through any node", async () => {
    const first = connect({ url: env.nodes[0]!.ingressUrl });
    const handle = await first
      .objectSendClient(tally, "attach")
      .add(2, rpc.sendOpts({ idempotencyKey: "attach-1" }));
    const target = { service: tally, key: "attach", handler: "add", idempotencyKey: "attach-1" };
    for (const node of env.nodes) {
      const via = connect({ url: node.ingressUrl });
      expect(await via.result(handle)).toBe(2);
      expect(await via.output(handle)).toBe(2);
      expect(await via.idempotentResult(target)).toBe(2);
    }
  });

  it(
    "keeps serving through the other nodes while one is killed, and takes it back",
    async () => {
      const pid = internals(env, 1).pid!;
      await env.nodes[1]!.kill();
      expect(env.nodes[1]!.running).toBe(false);
      expect(pidAlive(pid)).toBe(false);
      expect(await portAccepts(portOf(env.nodes[1]!.ingressUrl))).toBe(false);
      // env.client spreads over all three ingresses; keyed requests fail over past the dead one.
      const rs = env.client.objectClient(tally, "failover");
      for (let i = 1; i <= 6; i++) expect(await rs.total()).toBe(0);
      expect(await addThrough(env.nodes[2]!.ingressUrl, "failover", 5)).toBe(5);

      await env.nodes[1]!.restart();
      expect(env.nodes[1]!.running).toBe(true);
      expect(await addThrough(env.nodes[1]!.ingressUrl, "failover", 1)).toBe(6);
      expect(env.nodes[1]!.logs()).toMatch(/restarting restate-server node-2/);
    },
    TIMEOUT,
  );

  it(
    "restarts a gracefully stopped node with the same name and data",
    async () => {
      await env.nodes[2]!.stop();
      expect(env.nodes[2]!.running).toBe(false);
      expect(await addThrough(env.nodes[0]!.ingressUrl, "graceful", 2)).toBe(2);
      await env.nodes[2]!.restart();
      expect(await addThrough(env.nodes[2]!.ingressUrl, "graceful", 2)).toBe(4);
    },
    TIMEOUT,
  );
});

describe("stopping a cluster", () => {
  it(
    "leaves no process, port or data folder, whatever state the nodes were in",
    async () => {
      const env = await startRestate({ endpoint: clusterEndpoint(), nodes: 3 });
      const pids = [0, 1, 2].map((i) => internals(env, i).pid!);
      const dirs = [0, 1, 2].map((i) => internals(env, i).tempDir);
      const ports = env.nodes.flatMap((n) => [portOf(n.ingressUrl), portOf(n.adminUrl)]);
      for (const dir of dirs) expect(existsSync(dir)).toBe(true);
      // One node crashed, one stopped, one running: as a test failing half-way might leave them.
      await env.nodes[0]!.kill();
      await env.nodes[1]!.stop();
      await env.stop();
      for (const pid of pids) expect(pidAlive(pid)).toBe(false);
      for (const dir of dirs) expect(existsSync(dir)).toBe(false);
      for (const port of ports) expect(await portAccepts(port)).toBe(false);
      await env.stop(); // idempotent
      await expect(env.nodes[2]!.restart()).rejects.toThrow(/was stopped/);
    },
    TIMEOUT,
  );

  it("rejects a cluster size or replication it cannot provide, before starting anything", async () => {
    await expect(startRestate({ nodes: 0 })).rejects.toThrow(/nodes must be an integer from 1/);
    await expect(startRestate({ nodes: 3, replication: 4 })).rejects.toThrow(
      /replication must be an integer from 1 to nodes \(3\); got 4/,
    );
  });
});

describe("one node (the default)", () => {
  it("is env.nodes[0], and can be killed and restarted on its data", async () => {
    const env = await startRestate({ endpoint: clusterEndpoint() });
    try {
      expect(env.nodes).toHaveLength(1);
      const [node] = env.nodes;
      expect(node!.ingressUrl).toBe(env.ingressUrl);
      expect(node!.adminUrl).toBe(env.adminUrl);
      expect(await addThrough(env.ingressUrl, "single", 3)).toBe(3);
      await node!.kill();
      expect(node!.running).toBe(false);
      expect(await portAccepts(portOf(env.ingressUrl))).toBe(false);
      await node!.restart();
      expect(await addThrough(env.ingressUrl, "single", 1)).toBe(4);
      expect(await env.client.objectClient(tally, "single").total()).toBe(4);
    } finally {
      await env.stop();
    }
  });
});
