// AWS Lambda: examples/deploy-lambda's handler behind a bridge that plays API Gateway v2,
// turning the Restate server's HTTP/1.1 requests into events.
import { handler } from "../../examples/deploy-lambda/handler.js";
import { apiGatewayV2 } from "./support/api-gateway-bridge.js";
import { serveListener } from "./support/in-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("AWS Lambda (API Gateway v2 events)", () =>
  serveListener((req, res) => {
    void apiGatewayV2(handler)(req, res);
  }),
);
