/**
 * @module @resolute/lambda
 * Serves a Resolute endpoint from AWS Lambda: API Gateway REST (v1) and HTTP API (v2) proxy
 * events and function URLs, base64 bodies both ways, request/response mode. No AWS SDK needed.
 *
 * @example
 * import { endpoint } from "@resolute/core";
 * import { createLambdaHandler } from "@resolute/lambda";
 * export const handler = createLambdaHandler(endpoint().bind(greeter));
 */

export type { ApiGatewayV1Event, ApiGatewayV2Event, LambdaResult } from "./events.js";
export {
  createLambdaHandler,
  LAMBDA_RESPONSE_LIMIT,
  type LambdaHandler,
  type LambdaHandlerOptions,
} from "./lambda-handler.js";
