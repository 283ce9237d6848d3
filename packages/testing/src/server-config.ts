// Command line and environment for one restate-server process.

export interface ServerPorts {
  ingress: number;
  admin: number;
  fabric: number;
}

export interface ServerConfig {
  binary: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const NODE_NAME = "resolute-test";

export function serverConfig(options: {
  binary: string;
  ports: ServerPorts;
  baseDir: string;
  /** Defaults to a fixed name; cluster nodes need distinct names that survive restarts. */
  nodeName?: string | undefined;
  /** Settings the harness itself adds (e.g. cluster membership); the user's `env` wins. */
  harnessEnv?: Record<string, string> | undefined;
  env?: Record<string, string> | undefined;
  serverArgs?: string[] | undefined;
}): ServerConfig {
  const { ports } = options;
  const env: NodeJS.ProcessEnv = {};
  // Inherit PATH, HOME, etc. but not stray RESTATE_* settings from the developer's shell.
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("RESTATE_")) env[name] = value;
  }
  Object.assign(env, {
    RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ports.ingress}`,
    RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${ports.admin}`,
    RESTATE_BIND_ADDRESS: `127.0.0.1:${ports.fabric}`,
    RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${ports.fabric}/`,
    // No usage pings to restate.gateway.scarf.sh. Note: restate-server 1.7.12 also looks up its
    // latest GitHub release at startup ("ERROR octocrab: ... (Connect)" when offline), and no
    // setting turns that off; it is harmless to the server.
    RESTATE_DISABLE_TELEMETRY: "true",
    // Tests never open the UI; prometheus upkeep is needless work.
    RESTATE_ADMIN__DISABLE_WEB_UI: "true",
    RESTATE_DISABLE_PROMETHEUS: "true",
    // Several servers share small CI machines: few partitions, small RocksDB budget.
    RESTATE_DEFAULT_NUM_PARTITIONS: "4",
    RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE: "256MiB",
    // One line per event, no colour codes: readable in logs() and in failure messages.
    RESTATE_LOG_FORMAT: "compact",
    RESTATE_LOG_DISABLE_ANSI_CODES: "true",
    ...options.harnessEnv,
    ...options.env,
  });
  const args = [
    "--no-logo",
    "--listen-mode",
    "tcp",
    "--base-dir",
    options.baseDir,
    "--node-name",
    options.nodeName ?? NODE_NAME,
    ...(options.serverArgs ?? []),
  ];
  return { binary: options.binary, args, env };
}
