// Snippet of docs/guides/observability.md.
import { type Context, service } from "@resolute/core";

const checkout = service({
  name: "Checkout",
  handlers: { pay: async (_ctx: Context, cart: string) => `paid ${cart}` },
});

// #region setup
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { endpoint } from "@resolute/core";
import { serve } from "@resolute/fastify";
import { openTelemetry } from "@resolute/opentelemetry";

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "checkout" }),
  spanProcessors: [
    new BatchSpanProcessor(new OTLPTraceExporter({ url: "http://localhost:4318/v1/traces" })),
  ],
});
// Global tracer provider, plus the AsyncLocalStorage context manager that makes the attempt's
// and the step's span the active one in your code.
provider.register();

const ep = endpoint().bind(checkout).withHooks(openTelemetry());
await serve(ep, { port: 9080 });
// #endregion setup
