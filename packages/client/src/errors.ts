/** A failed ingress request: the invocation failed terminally, or the server refused the call. */
export class IngressError extends Error {
  /** HTTP status of the ingress response. */
  readonly status: number;
  /** The failure code the server reported (the TerminalError's code for failed invocations). */
  readonly code: number;
  readonly body: string;

  constructor(status: number, body: string) {
    let message = body;
    let code = status;
    try {
      const parsed = JSON.parse(body) as { message?: string; code?: number };
      if (typeof parsed.message === "string") message = parsed.message;
      if (typeof parsed.code === "number") code = parsed.code;
    } catch {
      // not JSON: keep the text
    }
    super(message || `Ingress request failed with HTTP ${status}`);
    this.name = "IngressError";
    this.status = status;
    this.code = code;
    this.body = body;
  }
}
