// superjson refuses objects with a key named `constructor`, `prototype` or `__proto__` (its guard
// against prototype pollution), so ordinary data such as `{ constructor: "x", at: new Date() }`
// could not be written. Inside the rich envelope those keys are escaped with one leading "~"
// (and a key that already is "~"s + such a name gets one more), and the envelope says so with
// `"keys": "escaped"`; on read the escape is undone with own data properties, so `__proto__`
// comes back as a plain key and never touches a prototype.

const GUARDED = /^~*(?:constructor|prototype|__proto__)$/;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Whether any plain object inside `value` has a key that needs escaping. */
export function hasGuardedKey(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((v) => hasGuardedKey(v, seen));
  if (value instanceof Map) {
    for (const [k, v] of value) if (hasGuardedKey(k, seen) || hasGuardedKey(v, seen)) return true;
    return false;
  }
  if (value instanceof Set) {
    for (const v of value) if (hasGuardedKey(v, seen)) return true;
    return false;
  }
  if (!isPlainObject(value)) return false;
  for (const k of Object.keys(value)) {
    if (GUARDED.test(k) || hasGuardedKey((value as Record<string, unknown>)[k], seen)) return true;
  }
  return false;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * A copy of `value` with guarded keys renamed by `rename`; arrays, Maps, Sets and plain objects
 * are copied (shared references stay shared, cycles stay cycles), everything else is kept.
 */
function renameKeys(
  value: unknown,
  rename: (k: string) => string,
  copies: Map<object, unknown>,
): unknown {
  if (typeof value !== "object" || value === null) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = renameKeys(value[i], rename, copies);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    copies.set(value, out);
    for (const [k, v] of value)
      out.set(renameKeys(k, rename, copies), renameKeys(v, rename, copies));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    copies.set(value, out);
    for (const v of value) out.add(renameKeys(v, rename, copies));
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> =
    Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  copies.set(value, out);
  for (const k of Object.keys(value)) {
    define(
      out,
      GUARDED.test(k) ? rename(k) : k,
      renameKeys((value as Record<string, unknown>)[k], rename, copies),
    );
  }
  return out;
}

export function escapeKeys(value: unknown): unknown {
  return renameKeys(value, (k) => `~${k}`, new Map());
}

export function unescapeKeys(value: unknown): unknown {
  return renameKeys(value, (k) => (k.startsWith("~") ? k.slice(1) : k), new Map());
}
