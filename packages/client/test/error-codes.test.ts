// Every error of the ingress client has a stable code from core's table, in `resoluteCode`; an
// IngressError's comes from the answer (who failed, and how), its `code` stays the server's.
import { ErrorCodes, ResoluteError } from "@resolute/core";
import { describe, expect, it } from "vitest";
import {
  connect,
  IngressError,
  IngressTimeoutError,
  IngressUnavailableError,
} from "../src/index.js";

const answer = (status: number, body: object | string) =>
  new IngressError(status, typeof body === "string" ? body : JSON.stringify(body));

describe("ingress client error codes", () => {
  it("an invocation's failure is RES_ERR_INVOCATION_FAILED, whatever its status", () => {
    for (const status of [400, 404, 409, 422, 500]) {
      const e = answer(status, { code: status, message: "m", source: "invocation" });
      expect([e.resoluteCode, e.code, e.status, e.message]).toEqual([
        "RES_ERR_INVOCATION_FAILED",
        status,
        status,
        "m",
      ]);
    }
  });

  it("the ingress's own 404 is RES_ERR_INGRESS_NOT_FOUND; its other refusals RES_ERR_INGRESS_REJECTED", () => {
    expect(answer(404, { code: 404, message: "m", source: "ingress" }).resoluteCode).toBe(
      "RES_ERR_INGRESS_NOT_FOUND",
    );
    expect(answer(470, { code: 470, message: "m", source: "ingress" }).resoluteCode).toBe(
      "RES_ERR_INGRESS_REJECTED",
    );
  });

  it("an answer without a source (a proxy's page, an older server) is judged by its status", () => {
    const page = answer(502, "<html>Bad Gateway</html>");
    expect([page.resoluteCode, page.code, page.message]).toEqual([
      "RES_ERR_INGRESS_REJECTED",
      502,
      "<html>Bad Gateway</html>",
    ]);
    expect(answer(404, "Not Found").resoluteCode).toBe("RES_ERR_INGRESS_NOT_FOUND");
    expect(answer(500, { message: "m", source: "elsewhere" }).resoluteCode).toBe(
      "RES_ERR_INGRESS_REJECTED",
    );
  });

  it("unavailable and timeout errors are ResoluteErrors with their codes, messages unchanged", () => {
    const tried = [{ url: "http://a", reason: "connection refused" }];
    const down = new IngressUnavailableError("POST", "/S/h", tried, true);
    expect(down).toBeInstanceOf(ResoluteError);
    expect([down.name, down.code, down.resoluteCode]).toEqual([
      "IngressUnavailableError",
      "RES_ERR_INGRESS_UNAVAILABLE",
      "RES_ERR_INGRESS_UNAVAILABLE",
    ]);
    expect(down.message).toBe(
      "POST /S/h failed on every attempt (1): http://a (connection refused). Check that the Restate nodes are running and reachable.",
    );
    const late = new IngressTimeoutError("POST", "/S/h", tried, "http://a", 50);
    expect(late).toBeInstanceOf(IngressUnavailableError);
    expect([late.name, late.code, late.resoluteCode, late.wireCode]).toEqual([
      "IngressTimeoutError",
      "RES_ERR_INGRESS_TIMEOUT",
      "RES_ERR_INGRESS_TIMEOUT",
      ErrorCodes.RES_ERR_INGRESS_TIMEOUT.wire,
    ]);
    expect(late.message).toMatch(/^POST \/S\/h: http:\/\/a sent no response within the 50 ms/);
  });

  it("a wrong client option is RES_ERR_INVALID_ARGUMENT, as in core, with a message naming it", () => {
    const thrown = (make: () => unknown) => {
      try {
        make();
      } catch (e) {
        return e;
      }
      throw new Error("nothing was thrown");
    };
    const cases: [() => unknown, RegExp][] = [
      [() => connect({ url: [] }), /url must name at least one ingress URL/],
      [() => connect({ url: "localhost:8080" }), /must start with http:\/\/ or https:\/\//],
      [() => connect({ url: "http://x", retry: { attempts: 0 } }), /retry.attempts must be/],
      [() => connect({ url: "http://x", timeout: 0 }), /timeout must be more than 0 ms/],
      [() => connect({ url: "http://x", resultTimeout: "5s" as never }), /resultTimeout/],
      [
        () => connect({ url: "http://x" }).withOptions({ signal: {} as AbortSignal }),
        /signal must be an AbortSignal/,
      ],
    ];
    for (const [make, message] of cases) {
      const e = thrown(make);
      expect(e).toBeInstanceOf(ResoluteError);
      expect(e).toMatchObject({
        code: "RES_ERR_INVALID_ARGUMENT",
        message: expect.stringMatching(message),
      });
    }
  });
});
