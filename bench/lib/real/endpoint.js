// A real-server benchmark endpoint process: serves the workload services (services.js) with
// Resolute (`serve()` from @resolute/fastify) or the official SDK (`restate.serve`), chosen by
// BENCH_SDK=resolute|official, on PORT. Measured over Node IPC (../control.js).
import { attachControl } from "../control.js";
import { defineServices } from "./services.js";

const port = Number(process.env.PORT);

if (process.env.BENCH_SDK === "official") {
  const restate = await import("@restatedev/restate-sdk");
  await restate.serve({ services: defineServices(restate), port });
} else {
  const core = await import("@resolute/core");
  const { serve } = await import("@resolute/fastify");
  let ep = core.endpoint();
  for (const def of defineServices(core)) ep = ep.bind(def);
  await serve(ep, { port, host: "127.0.0.1" });
}
attachControl({ sdk: process.env.BENCH_SDK });
