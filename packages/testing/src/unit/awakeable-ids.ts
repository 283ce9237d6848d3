// Awakeable ids as the engine forms them: "sign_1" + base64url(invocation id ‖ signal id).

export function awakeableIdOf(id: Uint8Array, signal: number): string {
  const bytes = new Uint8Array(id.length + 4);
  bytes.set(id);
  new DataView(bytes.buffer).setUint32(id.length, signal);
  const b64 = btoa(String.fromCharCode(...bytes));
  return `sign_1${b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

export function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
}
