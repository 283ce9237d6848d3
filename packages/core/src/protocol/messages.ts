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
  /**
   * What the server does with this failure: 0 (or absent) retries per the retry policy, 1 pauses
   * the invocation until an operator resumes it, 2 fails it. Declared for protocol V7; older
   * servers skip the unknown field, and 1.7 honours it from V6 on.
   */
  behavior?: number;
}

/** Values of {@link ErrorMessage.behavior}. */
export const ErrorBehavior = { RETRY: 0, PAUSE: 1, FAIL: 2 } as const;

/** Any command: the engine compares commands field by field, so it treats them generically. */
export type CommandMessage = Record<string, unknown> & { name?: string };
