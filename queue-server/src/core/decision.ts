import { failure, type ErrorCode, type Failure } from '@hall/contract';

/** A core decision: the new state and what happened, or an expected failure as a value (R4). */
export type Decision<S> = { ok: true; state: S } | Failure;

export function accept<S>(state: S): Decision<S> {
  return { ok: true, state };
}

export function reject(code: ErrorCode, message?: string): Failure {
  return failure(code, message);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
