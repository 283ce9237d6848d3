// Request identity: with keys configured, only requests signed by a Restate server holding one
// of them are accepted. The server signs each request with an Ed25519 JWT (header
// x-restate-jwt-v1, scheme x-restate-signature-scheme: v1) whose audience is the request path.
import { ResoluteError } from "../errors/resolute-error.js";
import { routeOf } from "./routes.js";

const PREFIX = "publickeyv1_";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function base58(s: string): Uint8Array {
  let n = 0n;
  for (const c of s) {
    const v = BASE58.indexOf(c);
    if (v < 0) throw new Error(`invalid base58 character "${c}"`);
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function base64url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
}

/** Parses `publickeyv1_<base58>` into the raw 32-byte Ed25519 key. */
export function parsePublicKey(key: string): Uint8Array {
  let raw: Uint8Array | undefined;
  try {
    raw = key.startsWith(PREFIX) ? base58(key.slice(PREFIX.length)) : undefined;
  } catch {
    raw = undefined;
  }
  if (raw?.length !== 32) {
    throw new ResoluteError(
      "RES_ERR_DEFINITION",
      `Invalid request identity key "${key}": expected "publickeyv1_" followed by a base58 Ed25519 public key, as the Restate server logs it at start-up.`,
    );
  }
  return raw;
}

/** The audience a request must be signed for: the path from "/invoke/" on, or "/discover". */
export function audienceOf(path: string): string {
  const route = routeOf(path);
  if (route.kind === "invoke") return path.slice(route.at);
  return route.kind === "discover" ? "/discover" : path;
}

type VerifyKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export class IdentityVerifier {
  private readonly keys: Promise<VerifyKey[]>;

  constructor(publicKeys: readonly string[]) {
    const raws = publicKeys.map(parsePublicKey);
    this.keys = Promise.all(
      raws.map((raw) =>
        crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]),
      ),
    );
  }

  /** Resolves to undefined when the request is signed by a trusted key, else to the reason. */
  async check(
    path: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    nowMs: number,
  ): Promise<string | undefined> {
    const scheme = headers["x-restate-signature-scheme"];
    if (scheme !== "v1") return `signature scheme "${String(scheme ?? "missing")}" is not v1`;
    const jwt = headers["x-restate-jwt-v1"];
    if (typeof jwt !== "string") return "the x-restate-jwt-v1 header is missing";
    const parts = jwt.split(".");
    if (parts.length !== 3) return "the JWT is malformed";
    const [h, c, sig] = parts as [string, string, string];
    let header: { alg?: string };
    let claims: { aud?: unknown; exp?: unknown; nbf?: unknown; iat?: unknown };
    let signature: Uint8Array;
    try {
      header = JSON.parse(decoder.decode(base64url(h)));
      claims = JSON.parse(decoder.decode(base64url(c)));
      signature = base64url(sig);
    } catch {
      return "the JWT is malformed";
    }
    if (header.alg !== "EdDSA") return `JWT algorithm ${String(header.alg)} is not EdDSA`;
    const now = Math.floor(nowMs / 1000);
    if (
      typeof claims.exp !== "number" ||
      typeof claims.nbf !== "number" ||
      typeof claims.iat !== "number"
    ) {
      return "the JWT lacks exp, nbf or iat";
    }
    if (now >= claims.exp) return "the JWT expired";
    if (now < claims.nbf) return "the JWT is not valid yet";
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(audienceOf(path)))
      return `the JWT audience ${JSON.stringify(claims.aud)} does not match ${audienceOf(path)}`;
    const data = encoder.encode(`${h}.${c}`);
    for (const key of await this.keys) {
      if (await crypto.subtle.verify({ name: "Ed25519" }, key, signature, data)) return undefined;
    }
    return "the JWT is not signed by a trusted key";
  }
}
