// The child process of `resolute dev`: loads the user's module (TypeScript through tsx's
// loader), reports what it found, and serves the endpoint when the parent says so. One child
// per version of the code: a reload is a new process, so no module cache can serve stale code.
import { pathToFileURL } from "node:url";
import type { serve } from "@resolute/fastify";
import { register } from "tsx/esm/api";
import { handlerInputs } from "./handler-inputs.js";
import { readableLogLine } from "./log-lines.js";
import type { ChildMessage, ParentMessage } from "./messages.js";
import { pickEndpoint } from "./pick-endpoint.js";

// Whatever serve() accepts; named through serve so this file follows the adapter's own type.
type ServableEndpoint = Parameters<typeof serve>[0];

const [modulePath, portText] = process.argv.slice(2);

function send(message: ChildMessage): void {
  process.send?.(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// The parent is gone (even killed): nothing left to serve for.
process.on("disconnect", () => process.exit(0));

async function load(): Promise<ServableEndpoint> {
  register();
  const module = (await import(pathToFileURL(modulePath!).href)) as Record<string, unknown>;
  return pickEndpoint(module, modulePath!) as ServableEndpoint;
}

async function listen(endpoint: ServableEndpoint): Promise<void> {
  const fastify = await import("@resolute/fastify");
  await fastify.serve(endpoint, {
    port: Number(portText),
    host: "127.0.0.1",
    // Info and up: ctx.console.log lines are what a developer looks for while trying things.
    logger: {
      level: "info",
      stream: { write: (line: string) => console.log(readableLogLine(line.trimEnd())) },
    },
  });
}

try {
  const endpoint = await load();
  process.on("message", (message: ParentMessage) => {
    if (message.type !== "listen") return;
    listen(endpoint).then(
      () => send({ type: "listening" }),
      (error: unknown) => send({ type: "failed", stage: "listen", error: describe(error) }),
    );
  });
  send({ type: "loaded", inputs: handlerInputs(endpoint) });
} catch (error) {
  send({ type: "failed", stage: "load", error: describe(error) });
}
