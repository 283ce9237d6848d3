// An Ed25519 key pair shaped like the Restate server's request identity, to sign requests.
import { generateKeyPairSync, sign } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

export function serverKey() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const kid = `publickeyv1_${base58(raw)}`;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  /** The headers of a request to `path`, signed now. */
  const signed = (path: string) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: path, iat: now, nbf: now - 60, exp: now + 60 };
    const head = `${b64({ typ: "JWT", alg: "EdDSA", kid })}.${b64(claims)}`;
    const jwt = `${head}.${sign(null, Buffer.from(head), privateKey).toString("base64url")}`;
    return { "x-restate-signature-scheme": "v1", "x-restate-jwt-v1": jwt };
  };
  return { kid, signed };
}
