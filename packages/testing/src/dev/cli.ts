// The `resolute` command line. Today one command: `resolute dev <module>`.
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DevSession } from "./dev-session.js";

const USAGE = `Usage: resolute dev <module> [options]

Serves the endpoint that <module> exports (its default export, or the export named
\`endpoint\`), registers it with a Restate server, prints a curl line per handler, and
reloads and re-registers it whenever a file under the watched folder changes.
TypeScript modules run as they are: no build step.

Options:
  --admin-url <url>    use the Restate server with this admin API instead of starting one
  --ingress-url <url>  that server's ingress (default: the admin URL's host, port 8080)
  --port <n>           serve the endpoint on this port (default: a free one)
  --watch <dir>        folder to watch (default: the module's folder)
  -h, --help           show this help`;

function fail(message: string): never {
  console.error(`resolute: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [command, target, ...rest] = positionals;
  if (command !== "dev") fail(command ? `unknown command "${command}"` : "no command given");
  if (!target) fail("dev needs the module that exports the endpoint, e.g. src/endpoint.ts");
  if (rest.length > 0) fail(`unexpected arguments: ${rest.join(" ")}`);
  const modulePath = resolve(target);
  if (!existsSync(modulePath) || !statSync(modulePath).isFile()) {
    fail(`${target} is not a file`);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    fail(`--port must be a port number, not "${values.port}"`);
  }
  if (values["ingress-url"] && !values["admin-url"]) fail("--ingress-url needs --admin-url");

  let session: DevSession | undefined;
  let stopping = false;
  const shutdown = (code: number) => {
    // A second Ctrl-C: leave now (the exit hooks still kill the server).
    if (stopping) process.exit(130);
    stopping = true;
    (session?.stop() ?? Promise.resolve()).then(
      () => process.exit(code),
      (error: unknown) => {
        console.error(`resolute dev: while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));

  try {
    session = await DevSession.create({
      modulePath,
      watchDir: values.watch ? resolve(values.watch) : dirname(modulePath),
      adminUrl: values["admin-url"],
      ingressUrl: values["ingress-url"],
      port,
    });
  } catch (error) {
    console.error(`resolute dev: ${error instanceof Error ? error.message : String(error)}`);
    await session?.stop();
    process.exit(1);
  }
  // A Ctrl-C that came while the server started: stop now that there is something to stop.
  if (stopping) {
    await session.stop();
    process.exit(0);
  }
  await session.begin();
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "admin-url": { type: "string" },
      "ingress-url": { type: "string" },
      port: { type: "string" },
      watch: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

await main(process.argv.slice(2));
