// Finds the restate-server executable shipped in the platform package of @restatedev/restate-server.
import { createRequire } from "node:module";

export function restateServerBinary(): string {
  const platformPackage = `@restatedev/restate-server-${process.platform}-${process.arch}`;
  // pnpm's strict layout only exposes the platform package to restate-server itself.
  const fromHere = createRequire(import.meta.url);
  let fromServer: NodeJS.Require;
  try {
    fromServer = createRequire(fromHere.resolve("@restatedev/restate-server/package.json"));
  } catch {
    throw new Error(
      "Cannot find @restatedev/restate-server. Add it as a dependency of the package running the tests.",
    );
  }
  try {
    return fromServer.resolve(`${platformPackage}/bin/restate-server`);
  } catch {
    throw new Error(
      `Cannot find the Restate server binary in ${platformPackage}. It is an optional dependency of ` +
        "@restatedev/restate-server: make sure optional dependencies are installed for this platform " +
        "(e.g. no --no-optional, and pnpm's supportedArchitectures includes it).",
    );
  }
}
