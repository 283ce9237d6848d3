// The web-standard globals this package uses, and nothing else: it compiles without Node, DOM or
// Workers types, so an API that exists in only one runtime fails to type-check here on purpose.
// Consumers see their own runtime's declarations of the same names.
declare interface ReadableStreamReadResult<T> {
  readonly done: boolean;
  readonly value?: T;
}
declare interface ReadableStreamDefaultReader<T> {
  read(): Promise<ReadableStreamReadResult<T>>;
  cancel(reason?: unknown): Promise<void>;
}
declare interface ReadableStreamDefaultController<T> {
  enqueue(chunk: T): void;
  close(): void;
  error(reason?: unknown): void;
}
declare class ReadableStream<T> {
  constructor(source: {
    start?(controller: ReadableStreamDefaultController<T>): void;
    cancel?(reason?: unknown): void;
  });
  getReader(): ReadableStreamDefaultReader<T>;
}
declare class Headers {
  forEach(callback: (value: string, name: string) => void): void;
}
declare class Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
}
declare class Response {
  constructor(
    body: Uint8Array | ReadableStream<Uint8Array> | string | null,
    init?: { status?: number; headers?: Record<string, string> },
  );
}
declare function queueMicrotask(callback: () => void): void;
declare var console: { error(...data: unknown[]): void };
