// State of a test context: one store per (object or workflow name, key), shared by `t.invoke`
// and in-process calls alike. Every store of the context's key starts from the seed (the
// `state` option, plus what the test set before the first invoke).
import { defaultSerde } from "@resolute/core";

export type Store = Map<string, Uint8Array>;

/** Synchronous access to one store, with plain values. */
export interface StateView {
  /** One value; `undefined` when the key has none. */
  get<T = unknown>(key: string): T | undefined;
  /** Sets a value, as if a handler had. */
  set(key: string, value: unknown): void;
  /** The keys that have state. */
  keys(): string[];
}

export class StateStores {
  private readonly stores = new Map<string, Store>();
  /** The seed, as bytes; written to by `t.state.set` until a store of the key is created. */
  readonly seed: Store = new Map();

  private readonly seededKey: string;

  constructor(seededKey: string, initial: Record<string, unknown> | undefined) {
    this.seededKey = seededKey;
    for (const [k, v] of Object.entries(initial ?? {})) this.seed.set(k, defaultSerde.serialize(v));
  }

  /** The store of one object or workflow key, created (and seeded) on first use. */
  of(name: string, key: string): Store {
    const id = `${name}\u0000${key}`;
    let store = this.stores.get(id);
    if (!store) {
      store = key === this.seededKey ? new Map(this.seed) : new Map();
      this.stores.set(id, store);
    }
    return store;
  }

  static view(store: Store): StateView {
    return {
      get: <T = unknown>(k: string): T | undefined => {
        const v = store.get(k);
        return v === undefined ? undefined : (defaultSerde.deserialize(v) as T);
      },
      set: (k: string, value: unknown) => void store.set(k, defaultSerde.serialize(value)),
      keys: () => [...store.keys()].sort(),
    };
  }
}
