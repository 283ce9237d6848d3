// An Ed25519 key pair shaped like the Restate server's request identity, for the tests of
// every package that checks signed requests: its `publickeyv1_` id, and JWTs signed with it.
import { generateKeyPairSync, sign } from "node:crypto";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
  let out = "";
  for (; n > 0n; n /= 58n) out = BASE58[Number(n % 58n)] + out;
  // Each leading zero byte is written as a "1".
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

export function serverKey() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const kid = `publickeyv1_${base58(raw)}`;
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  /** A JWT with these claims, signed by this key (or claiming another algorithm). */
  const jwt = (claims: object, alg = "EdDSA") => {
    const head = `${b64({ typ: "JWT", alg, kid })}.${b64(claims)}`;
    return `${head}.${sign(null, Buffer.from(head), privateKey).toString("base64url")}`;
  };
  /** The headers of a request to `path`, signed now. */
  const signed = (path: string) => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt({ aud: path, iat: now, nbf: now - 60, exp: now + 60 });
    return { "x-restate-signature-scheme": "v1", "x-restate-jwt-v1": token };
  };
  /** The private key as PEM, for the server's request-identity key file. */
  const privateKeyPem = () => privateKey.export({ format: "pem", type: "pkcs8" }) as string;
  return { kid, jwt, signed, privateKeyPem };
}
