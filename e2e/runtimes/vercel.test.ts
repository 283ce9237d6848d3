// Next.js / Vercel: examples/deploy-vercel's route module, its GET and POST exports served
// under /restate the way the App Router dispatches a catch-all route by method.

import { toRequest, writeResponse } from "../../examples/deploy-node/src/node-bridge.js";
import * as route from "../../examples/deploy-vercel/app/restate/[[...path]]/route.js";
import { serveListener } from "./support/in-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("Next.js route handlers", () =>
  serveListener((req, res) => {
    const handle = req.method === "GET" ? route.GET : route.POST;
    if (!req.url?.startsWith("/restate/")) {
      res.writeHead(404).end();
      return;
    }
    void handle(toRequest(req, new AbortController().signal)).then((r) => writeResponse(r, res));
  }, "/restate"),
);
