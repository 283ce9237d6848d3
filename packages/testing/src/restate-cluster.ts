// Several restate-server nodes forming one cluster on loopback: every node runs every role
// (ingress, admin, worker, log server, Raft metadata server); node 1 provisions the cluster.
import { randomBytes } from "node:crypto";
import { type PortRange, releasePorts, reservePorts } from "./free-ports.js";
import { PortTakenError, RestateServer } from "./restate-server.js";

export interface ClusterOptions {
  nodes: number;
  replication: number;
  portRange?: PortRange | undefined;
  env?: Record<string, string> | undefined;
  serverArgs?: string[] | undefined;
  readyTimeoutMs?: number | undefined;
}

const START_ATTEMPTS = 3;
// Nodes of a cluster wait on each other (Raft, provisioning, partition placement): on a loaded
// two-core machine that takes longer than one server alone.
const CLUSTER_READY_TIMEOUT_MS = 90_000;

export function validateCluster(nodes: number, replication: number): void {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
    throw new Error(`startRestate: nodes must be an integer from 1 to 9 (got ${nodes}).`);
  }
  if (!Number.isInteger(replication) || replication < 1 || replication > nodes) {
    throw new Error(
      `startRestate: replication must be an integer from 1 to nodes (${nodes}); got ${replication}.`,
    );
  }
}

/** Starts `nodes` servers that form one provisioned cluster; all are ready when this resolves. */
export async function startCluster(options: ClusterOptions): Promise<RestateServer[]> {
  for (let attempt = 1; ; attempt++) {
    const servers = await createNodes(options);
    try {
      await Promise.all(servers.map((server) => server.launch()));
      return servers;
    } catch (error) {
      await Promise.all(servers.map((server) => server.stop()));
      // A port was taken between probing and binding: every node must learn new addresses.
      if (error instanceof PortTakenError && attempt < START_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function createNodes(options: ClusterOptions): Promise<RestateServer[]> {
  const count = options.nodes;
  const ports = await reservePorts(3 * count, options.portRange);
  const nodePorts = Array.from({ length: count }, (_, i) => ({
    ingress: ports[3 * i]!,
    admin: ports[3 * i + 1]!,
    fabric: ports[3 * i + 2]!,
  }));
  // A fresh name per cluster, so nodes never join a cluster left behind by another test.
  const clusterName = `resolute-${randomBytes(4).toString("hex")}`;
  const metadata = JSON.stringify(nodePorts.map((p) => `http://127.0.0.1:${p.fabric}`));
  const servers: RestateServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(
        await RestateServer.create({
          ports: nodePorts[i]!,
          nodeName: `node-${i + 1}`,
          harnessEnv: {
            RESTATE_CLUSTER_NAME: clusterName,
            RESTATE_FORCE_NODE_ID: String(i + 1),
            RESTATE_METADATA_CLIENT__ADDRESSES: metadata,
            RESTATE_DEFAULT_REPLICATION: String(options.replication),
            // Exactly one node provisions; the others join the cluster it creates.
            RESTATE_AUTO_PROVISION: i === 0 ? "true" : "false",
            // Several nodes share the machine: a smaller RocksDB budget each.
            RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE: "128MiB",
          },
          env: options.env,
          serverArgs: options.serverArgs,
          readyTimeoutMs: options.readyTimeoutMs ?? CLUSTER_READY_TIMEOUT_MS,
        }),
      );
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    releasePorts(ports);
    throw error;
  }
  return servers;
}
