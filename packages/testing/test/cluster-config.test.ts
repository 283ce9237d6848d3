// Cluster configuration without starting servers: validation of sizes, and how a node's
// settings are layered (harness defaults, then cluster membership, then the user's env).
import { describe, expect, it } from "vitest";
import { validateCluster } from "../src/restate-cluster.js";
import { serverConfig } from "../src/server-config.js";

const ports = { ingress: 1, admin: 2, fabric: 3 };

describe("cluster configuration", () => {
  it("accepts 1 to 9 nodes and a replication between 1 and the node count", () => {
    expect(() => validateCluster(1, 1)).not.toThrow();
    expect(() => validateCluster(3, 2)).not.toThrow();
    expect(() => validateCluster(3, 3)).not.toThrow();
    expect(() => validateCluster(0, 1)).toThrow(/nodes must be an integer from 1 to 9 \(got 0\)/);
    expect(() => validateCluster(2.5, 1)).toThrow(/nodes must be an integer/);
    expect(() => validateCluster(3, 0)).toThrow(/replication must be an integer from 1 to nodes/);
    expect(() => validateCluster(2, 3)).toThrow(/nodes \(2\); got 3/);
  });

  it("names the node and lets the user's env win over cluster settings and defaults", () => {
    const config = serverConfig({
      binary: "restate-server",
      ports,
      baseDir: "/data",
      nodeName: "node-2",
      harnessEnv: { RESTATE_AUTO_PROVISION: "false", RESTATE_DEFAULT_NUM_PARTITIONS: "8" },
      env: { RESTATE_DEFAULT_NUM_PARTITIONS: "2" },
    });
    expect(config.args).toContain("node-2");
    expect(config.env.RESTATE_AUTO_PROVISION).toBe("false");
    expect(config.env.RESTATE_DEFAULT_NUM_PARTITIONS).toBe("2");
    expect(config.env.RESTATE_INGRESS__BIND_ADDRESS).toBe("127.0.0.1:1");
  });
});
