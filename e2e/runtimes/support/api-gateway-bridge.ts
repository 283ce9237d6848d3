// Plays API Gateway (HTTP API, payload format 2.0) in front of a Lambda handler: each HTTP
// request from the Restate server becomes a v2 event with a base64 body, and the handler's
// result becomes the HTTP response, as API Gateway would map it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LambdaHandler } from "../../../packages/lambda/src/index.js";

export function apiGatewayV2(handler: LambdaHandler) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://bridge");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      requestContext: {
        http: { method: req.method ?? "GET", path: url.pathname, protocol: "HTTP/1.1" },
        stage: "$default",
      },
      ...(body.length > 0 ? { body: body.toString("base64"), isBase64Encoded: true } : {}),
    };
    const result = await handler(event, {});
    res.writeHead(result.statusCode, result.headers);
    res.end(Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
  };
}
