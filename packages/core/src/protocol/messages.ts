// TypeScript shapes of the decoded messages the engine reads and writes (see schemas.ts).
// Only fields present on the wire are set; proto3 defaults are absent.

export interface Failure {
  code?: number;
  message?: string;
  metadata?: { key: string; value: string }[];
}

export interface StartMessage {
  id?: Uint8Array;
  debugId?: string;
  knownEntries?: number;
  stateMap?: { key?: Uint8Array; value?: Uint8Array }[];
  partialState?: boolean;
  key?: string;
  retryCountSinceLastStoredEntry?: number;
  durationSinceLastStoredEntry?: number;
  randomSeed?: bigint;
  scope?: string;
  limitKey?: string;
  idempotencyKey?: string;
}

export interface InputCommandMessage {
  headers?: { key: string; value: string }[];
  value?: Uint8Array;
  name?: string;
}

/** The shared shape of every notification. */
export interface NotificationMessage {
  completionId?: number;
  signalId?: number;
  signalName?: string;
  void?: true;
  value?: Uint8Array;
  failure?: Failure;
  invocationId?: string;
  stateKeys?: Uint8Array[];
}

export interface ErrorMessage {
  code: number;
  message: string;
  stacktrace?: string;
  relatedCommandIndex?: number;
  relatedCommandName?: string;
  relatedCommandType?: number;
  nextRetryDelay?: number;
}

/** Any command: the engine compares commands field by field, so it treats them generically. */
export type CommandMessage = Record<string, unknown> & { name?: string };
