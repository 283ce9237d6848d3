// createLambdaHandler(): an API Gateway or function URL event becomes a web Request for the
// fetch adapter, and its Response becomes the Lambda result. Routing, discovery, identity and
// limits are the core's, reached through @resolute/fetch: this file only translates.
import { type ErrorCode, ErrorCodes, type LogSink } from "@resolute/core";
import type { ServableEndpoint } from "@resolute/core/adapter";
import { createFetchHandler } from "@resolute/fetch";
import { httpPartsOf, type LambdaResult } from "./events.js";

/** Lambda's limit for a synchronous invocation's response payload: 6 MB. */
export const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

/** Options of `createLambdaHandler`: where `ctx.console` writes. */
export interface LambdaHandlerOptions {
  /** Where ctx.console writes (default: the console, which Lambda sends to CloudWatch). */
  readonly logger?: LogSink;
}

/** The function's handler: `export const handler = createLambdaHandler(ep)`. */
export type LambdaHandler = (event: unknown, context?: unknown) => Promise<LambdaResult>;

/**
 * Serves an endpoint from AWS Lambda behind API Gateway (REST or HTTP API) or a function URL,
 * in request/response mode. Register the function's URL with the Restate server.
 *
 * @example
 * export const handler = createLambdaHandler(endpoint().bind(greeter));
 */
export function createLambdaHandler(
  endpoint: ServableEndpoint,
  options: LambdaHandlerOptions = {},
): LambdaHandler {
  const handle = createFetchHandler(endpoint, options.logger ? { logger: options.logger } : {});
  return async (event) => {
    const parts = httpPartsOf(event);
    if (parts === undefined) {
      return failure(
        "RES_ERR_UNSUPPORTED_EVENT",
        "This Lambda function serves a Restate endpoint and takes only API Gateway (REST or HTTP API) and function URL events. Put the function behind one of them and register that URL with the Restate server.",
      );
    }
    const hasBody = parts.body !== undefined && parts.method !== "GET" && parts.method !== "HEAD";
    const request = new Request(`https://lambda.invalid${parts.path}`, {
      method: parts.method,
      headers: parts.headers,
      ...(hasBody ? { body: parts.body } : {}),
    });
    const response = await handle(request);
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const asText = isText(headers["content-type"]);
    const result: LambdaResult = {
      statusCode: response.status,
      headers,
      body: body.toString(asText ? "utf8" : "base64"),
      isBase64Encoded: !asText,
    };
    // Past the limit Lambda drops the answer with an opaque error: say what happened instead.
    if (result.body.length > LAMBDA_RESPONSE_LIMIT - 1024) {
      return failure(
        "RES_ERR_RESPONSE_TOO_LARGE",
        `The response is ${result.body.length} bytes as sent, over AWS Lambda's ${LAMBDA_RESPONSE_LIMIT}-byte limit for a synchronous response. Keep handler results, state and journal entries small, or serve this endpoint from a platform without this limit.`,
      );
    }
    return result;
  };
}

function isText(contentType: string | undefined): boolean {
  return contentType !== undefined && /json|^text\/|^application\/text/.test(contentType);
}

function failure(code: ErrorCode, message: string): LambdaResult {
  return {
    statusCode: ErrorCodes[code].wire,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, code }),
    isBase64Encoded: false,
  };
}
