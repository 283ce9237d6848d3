// The few web-standard globals the core relies on. Core compiles without Node types, so
// anything platform-bound (Buffer, process, streams) fails to type-check here on purpose.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(src: string, dest: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
}
declare var console: Console;
declare interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
  throwIfAborted(): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare interface CryptoKey {
  readonly type: string;
}
declare interface SubtleCrypto {
  importKey(
    format: "raw" | "spki",
    keyData: Uint8Array,
    algorithm: { name: string } | string,
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>;
  verify(
    algorithm: { name: string } | string,
    key: CryptoKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
}
declare var crypto: { readonly subtle: SubtleCrypto };
