// Which of the endpoint's three routes a request path names. The endpoint may be mounted under
// any prefix, so a path is read from its end: `…/invoke/{service}/{handler}` (exactly two
// segments after "invoke"), else `…/discover` or `…/health`. The invoke form is tried first, so a
// handler named "health" or "discover" is an ordinary handler, reached (and signed) as such.

export type Route =
  | {
      readonly kind: "invoke";
      /** Where "/invoke/" starts: the request identity's audience is the path from here. */
      readonly at: number;
      /** Raw (still percent-encoded) path segments. */
      readonly service: string;
      readonly handler: string;
    }
  | { readonly kind: "discover" }
  | { readonly kind: "health" }
  | { readonly kind: "unknown" };

const INVOKE = /\/invoke\/([^/]+)\/([^/]+)$/;

export function routeOf(path: string): Route {
  const m = INVOKE.exec(path);
  if (m) return { kind: "invoke", at: m.index, service: m[1]!, handler: m[2]! };
  if (path === "/discover" || path.endsWith("/discover")) return { kind: "discover" };
  if (path === "/health" || path.endsWith("/health")) return { kind: "health" };
  return { kind: "unknown" };
}
