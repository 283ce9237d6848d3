// The Lambda event shapes this package reads, written out here so nothing from the AWS SDK is
// needed at run time or for types. Only the fields an HTTP request needs are listed.

/** API Gateway REST API (payload format 1.0), also HTTP APIs configured for 1.0. */
export interface ApiGatewayV1Event {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** API Gateway HTTP API (payload format 2.0) and Lambda function URLs. */
export interface ApiGatewayV2Event {
  readonly version: "2.0";
  readonly rawPath: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly cookies?: readonly string[];
  readonly requestContext: { readonly http: { readonly method: string } };
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** What the handler returns; API Gateway and function URLs both read this shape. */
export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** The parts of an HTTP request read from either event version. */
export interface HttpParts {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | undefined;
}

/** Reads an API Gateway v1/v2 or function URL event, or undefined for any other event. */
export function httpPartsOf(event: unknown): HttpParts | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const e = event as Partial<ApiGatewayV1Event & ApiGatewayV2Event>;
  if (typeof e.rawPath === "string" && typeof e.requestContext?.http?.method === "string") {
    const headers = lowerCased(e.headers);
    if (e.cookies?.length) headers.cookie = e.cookies.join("; ");
    return { method: e.requestContext.http.method, path: e.rawPath, headers, body: bodyOf(e) };
  }
  if (typeof e.httpMethod === "string" && typeof e.path === "string") {
    const headers = lowerCased(e.headers);
    // multiValueHeaders holds every value; headers only the last one of each name.
    for (const [name, values] of Object.entries(e.multiValueHeaders ?? {})) {
      if (values?.length) headers[name.toLowerCase()] = values.join(", ");
    }
    return { method: e.httpMethod, path: e.path, headers, body: bodyOf(e) };
  }
  return undefined;
}

function lowerCased(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

function bodyOf(e: { body?: string | null; isBase64Encoded?: boolean }): Uint8Array | undefined {
  if (e.body === undefined || e.body === null) return undefined;
  return Buffer.from(e.body, e.isBase64Encoded ? "base64" : "utf8");
}
