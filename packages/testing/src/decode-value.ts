// Turns a stored state value into a JavaScript value. The admin query API returns binary
// columns as lowercase hex; the bytes are what the handler's serde wrote (JSON by default).
// The one place to swap in the SDK's serde later.

export function decodeStateValue(hex: string): unknown {
  if (hex.length === 0) return undefined;
  const text = Buffer.from(hex, "hex").toString("utf8");
  return JSON.parse(text);
}
