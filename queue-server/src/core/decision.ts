/** Exhaustive switches end here (R3): adding a case to a union breaks the build until it is handled. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
