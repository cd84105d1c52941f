/** Runs async operations one at a time, in call order: a job's bytes and a DLE EOT must never interleave. */
export class OpQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** True while an operation runs or waits. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(op: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(op);
    this.tail = result
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.pending--;
      });
    return result;
  }
}

/** Rejects with `onTimeout()` when `p` has not settled after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
