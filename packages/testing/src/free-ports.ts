// Picks free TCP ports on 127.0.0.1. A port is only free at the moment it is probed, so callers
// must still handle "address in use" when they bind; the in-process reservation set at least keeps
// parallel starts in one process from handing out the same port twice.
import { createServer, type Server } from "node:net";

const HOST = "127.0.0.1";
const reserved = new Set<number>();

export type PortRange = readonly [from: number, to: number];

/** Returns `count` distinct free ports and reserves them until `releasePorts`. */
export async function reservePorts(count: number, range?: PortRange): Promise<number[]> {
  const ports = range ? await scanRange(count, range) : await osAssigned(count);
  for (const port of ports) reserved.add(port);
  return ports;
}

export function releasePorts(ports: Iterable<number>): void {
  for (const port of ports) reserved.delete(port);
}

async function osAssigned(count: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    // Keep every probe open until all are found, so the OS hands out distinct ports.
    for (let attempts = 0; ports.length < count && attempts < count * 20; attempts++) {
      const server = await listen(0);
      if (!server) continue;
      held.push(server);
      const port = (server.address() as { port: number }).port;
      if (!reserved.has(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map(close));
  }
  if (ports.length < count) throw new Error(`Could not find ${count} free ports on ${HOST}.`);
  return ports;
}

async function scanRange(count: number, [from, to]: PortRange): Promise<number[]> {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 65535 || from > to) {
    throw new Error(
      `Invalid portRange [${from}, ${to}]: use integers with 1 <= from <= to <= 65535.`,
    );
  }
  const size = to - from + 1;
  // Start at a random offset so separate processes scanning the same range rarely collide.
  const offset = Math.floor(Math.random() * size);
  const ports: number[] = [];
  for (let i = 0; i < size && ports.length < count; i++) {
    const port = from + ((offset + i) % size);
    if (reserved.has(port)) continue;
    const server = await listen(port);
    if (!server) continue;
    await close(server);
    ports.push(port);
  }
  if (ports.length < count) {
    throw new Error(
      `portRange [${from}, ${to}] has fewer than ${count} free ports; widen the range ` +
        "(the harness needs 3 ports for the server plus 1 for a served endpoint).",
    );
  }
  return ports;
}

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(undefined));
    server.listen({ port, host: HOST, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
