// Deno: Deno.serve takes the fetch handler as it is.
// Run with `deno run --allow-net --allow-env --allow-read --unstable-sloppy-imports main.ts`.
import { createFetchHandler } from "@resolute/fetch";
import { ep } from "../deploy-shared/src/endpoint.js";

Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 9080),
    onListen: ({ port }) => console.log(`Resolute endpoint listening on port ${port}`),
  },
  createFetchHandler(ep),
);
