// `resolute dev`: one Restate server for the whole session (so state and in-flight invocations
// survive reloads), one endpoint child per version of the code, always on the same port and so
// the same deployment URL: a reload replaces the code behind the URL, and invocations the server
// retries or resumes there run on the new code.
import { relative } from "node:path";
import { releasePorts, reservePorts } from "../free-ports.js";
import { startRestate } from "../start-restate.js";
import type { RestateEnv } from "../types.js";
import { curlLines } from "./curl-lines.js";
import { discover, type Manifest } from "./discover.js";
import { EndpointLoadError, EndpointProcess } from "./endpoint-process.js";
import { hintFor, userFacingError } from "./error-text.js";
import type { HandlerInputs } from "./handler-inputs.js";
import { type Registration, registerForDev } from "./registration.js";
import { ReloadQueue } from "./reload-queue.js";
import { watchSources } from "./watcher.js";

export interface DevOptions {
  /** Absolute path of the module whose default (or `endpoint`) export is the endpoint. */
  modulePath: string;
  /** Folder watched for changes (recursively). */
  watchDir: string;
  /** A running server's admin API; without it an embedded server is started. */
  adminUrl?: string | undefined;
  /** That server's ingress (default: the admin URL's host on port 8080). */
  ingressUrl?: string | undefined;
  /** Port of the endpoint (default: a free one). */
  port?: number | undefined;
  /** Where the session writes its messages (default: stdout). */
  print?: ((line: string) => void) | undefined;
}

export class DevSession {
  readonly ingressUrl: string;
  readonly adminUrl: string;
  readonly endpointUrl: string;
  readonly #options: DevOptions;
  readonly #env: RestateEnv | undefined;
  readonly #port: number;
  readonly #print: (line: string) => void;
  #current: EndpointProcess | undefined;
  #unwatch: (() => void) | undefined;
  readonly #reloads = new ReloadQueue((changed, signal) => this.#load(changed, signal));
  #handlerSignature = "";
  #manifest: Manifest | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(options: DevOptions, env: RestateEnv | undefined, port: number) {
    this.#options = options;
    this.#env = env;
    this.#port = port;
    this.#print = options.print ?? ((line) => console.log(line));
    this.adminUrl = env?.adminUrl ?? stripSlash(options.adminUrl!);
    this.ingressUrl =
      env?.ingressUrl ?? stripSlash(options.ingressUrl ?? defaultIngress(this.adminUrl));
    this.endpointUrl = `http://127.0.0.1:${port}`;
  }

  /** Starts (or connects to) the server; `begin()` then serves, registers and watches. */
  static async create(options: DevOptions): Promise<DevSession> {
    const env = options.adminUrl ? undefined : await startRestate({});
    let port = options.port;
    try {
      port ??= (await reservePorts(1))[0]!;
    } catch (error) {
      await env?.stop();
      throw error;
    }
    const session = new DevSession(options, env, port);
    session.#print(
      env
        ? `resolute dev: embedded Restate server, ingress ${session.ingressUrl}, admin ${session.adminUrl}`
        : `resolute dev: Restate server at ${session.adminUrl}, ingress ${session.ingressUrl}`,
    );
    return session;
  }

  /** Loads, serves and registers the endpoint, then reloads it on every change. */
  async begin(): Promise<void> {
    const dir = this.#options.watchDir;
    this.#unwatch = watchSources(dir, (files) => {
      if (!this.#stopping) void this.#reloads.schedule(files);
    });
    await this.#reloads.schedule([]);
    if (!this.#stopping) this.#print(`resolute dev: watching ${dir} for changes; Ctrl-C to stop.`);
  }

  /** Stops watching, the endpoint child and (if it is ours) the server. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#unwatch?.();
      await this.#reloads.close();
      try {
        await this.#current?.stop();
      } finally {
        releasePorts([this.#port]);
        await this.#env?.stop();
      }
    })();
    return this.#stopping;
  }

  /** Loads the code beside the running version, then swaps it in and registers it. */
  async #load(changed: string[], superseded: AbortSignal): Promise<void> {
    if (changed.length > 0) this.#print(`resolute dev: ${changed.join(", ")} changed; reloading`);
    // The new code is loaded beside the old one: a file that does not compile or throws at
    // import leaves the previous version serving.
    const next = EndpointProcess.start(this.#options.modulePath, this.#port);
    // Superseded while still importing (a newer save, or Ctrl-C): this version is dropped.
    const drop = () => void next.stop();
    superseded.addEventListener("abort", drop, { once: true });
    const slow = setTimeout(() => {
      const module = relative(process.cwd(), this.#options.modulePath);
      this.#print(
        `resolute dev: ${module} has been loading for ${SLOW_LOAD_MS / 1000} s: does its import ` +
          "wait for something (a connection, a top-level await)? Saving again starts over.",
      );
    }, SLOW_LOAD_MS);
    try {
      await next.loaded();
    } catch (error) {
      if (!this.#stopping && !superseded.aborted) {
        this.#report("could not load the endpoint", error);
        this.#print(
          this.#current
            ? "resolute dev: the previous version keeps serving; fix it and save again."
            : "resolute dev: fix it and save again.",
        );
      }
      return;
    } finally {
      superseded.removeEventListener("abort", drop);
      clearTimeout(slow);
    }
    if (this.#stopping || superseded.aborted) {
      await next.stop();
      return;
    }
    await this.#current?.stop();
    this.#current = next;
    try {
      await next.listen();
      const manifest = await discover(this.endpointUrl);
      const registration = await registerForDev(
        this.adminUrl,
        this.endpointUrl,
        manifest,
        this.#manifest,
      );
      this.#manifest = manifest;
      this.#announce(registration, next.inputs);
    } catch (error) {
      if (!this.#stopping) {
        this.#report("could not serve and register the endpoint", error);
        this.#print(
          "resolute dev: fix it and save again; invocations wait and are retried meanwhile.",
        );
      }
    }
  }

  #announce(
    { services, deploymentId, forced }: Registration,
    inputs: HandlerInputs | undefined,
  ): void {
    // The lines are printed again when a handler is added or removed, or starts or stops
    // taking input.
    const signature = JSON.stringify([
      services.map((s) => [s.name, s.handlers.map((h) => h.name).sort()]).sort(),
      inputs ?? null,
    ]);
    const changed = signature !== this.#handlerSignature;
    this.#handlerSignature = signature;
    const how = forced ? ` (forced: ${forced})` : "";
    this.#print(
      `resolute dev: registered ${this.endpointUrl} as ${deploymentId}${how}: ` +
        services
          .map((s) => s.name)
          .sort()
          .join(", "),
    );
    if (!changed) return;
    const lines = curlLines(this.ingressUrl, services, inputs);
    this.#print(`\nCall the handlers through the ingress at ${this.ingressUrl}:\n`);
    for (const line of lines) this.#print(`  ${line.command}`);
    this.#print("");
  }

  #report(what: string, error: unknown): void {
    // A load error's message is the child's stack of the user's error.
    const detail =
      error instanceof EndpointLoadError || !(error instanceof Error)
        ? userFacingError(String(error instanceof Error ? error.message : error))
        : (error.stack ?? error.message);
    this.#print(`resolute dev: ${what}:\n${detail}`);
    const hint = hintFor(detail);
    if (hint) this.#print(`resolute dev: ${hint}`);
  }
}

/** How long an import may take before the session says it may be stuck. */
const SLOW_LOAD_MS = 10_000;

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function defaultIngress(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.port = "8080";
  return url.origin;
}
