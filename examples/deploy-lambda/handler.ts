// AWS Lambda behind API Gateway (REST or HTTP API) or a function URL. Bundle this file (e.g.
// esbuild --bundle --platform=node --format=esm) and set the function's handler to `handler`.
import { createLambdaHandler } from "@resolute/lambda";
import { ep } from "../deploy-shared/src/endpoint.js";

export const handler = createLambdaHandler(ep);
