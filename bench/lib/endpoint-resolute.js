// Resolute endpoint process: a trivial Greeter/greet served over h2c.
// BENCH_ADAPTER=fastify (default: use @resolute/fastify when it is built, else the seam adapter)
// or BENCH_ADAPTER=seam (always the minimal node:http2 adapter in h2c-seam.js).
import { endpoint, service } from "@resolute/core";
import { attachControl } from "./control.js";

const port = Number(process.env.PORT);
const wanted = process.env.BENCH_ADAPTER ?? "auto";

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx, name) => `Hello ${name}` },
});
const ep = endpoint().bind(greeter);

let adapter = "seam";
if (wanted !== "seam") {
  let serve;
  try {
    ({ serve } = await import("@resolute/fastify"));
  } catch (e) {
    if (wanted === "fastify") throw e;
  }
  if (serve) {
    await serve(ep, { port, host: "127.0.0.1" });
    adapter = "fastify";
  }
}
if (adapter === "seam") {
  const { serveH2c } = await import("./h2c-seam.js");
  await serveH2c(ep, { port });
}
attachControl({ adapter });
