// Awakeable ids: "sign_1" + base64url(invocation id bytes ‖ signal id as u32 big-endian), the
// form the Restate server parses. The one encoder and decoder of the project.

const PREFIX = "sign_1";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

function base64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Unpadded base64url to bytes; undefined if a character is outside the alphabet. */
function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of text) {
    const v = VALUES.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The public id of an awakeable (`sign_1...`), from the invocation id bytes and the signal index. */
export function awakeableId(invocationId: Uint8Array, signalId: number): string {
  const bytes = new Uint8Array(invocationId.length + 4);
  bytes.set(invocationId);
  new DataView(bytes.buffer).setUint32(invocationId.length, signalId);
  return `${PREFIX}${base64url(bytes)}`;
}

/** The parts of an awakeable id, or undefined if the text is not one. */
export function parseAwakeableId(
  id: string,
): { invocationId: Uint8Array; signalId: number } | undefined {
  if (!id.startsWith(PREFIX)) return undefined;
  const bytes = fromBase64url(id.slice(PREFIX.length));
  if (bytes === undefined || bytes.length <= 4) return undefined;
  const at = bytes.length - 4;
  return {
    invocationId: bytes.slice(0, at),
    signalId: new DataView(bytes.buffer, bytes.byteOffset).getUint32(at),
  };
}
