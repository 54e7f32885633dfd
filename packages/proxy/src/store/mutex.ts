/**
 * A FIFO async mutex. The embedded stores have one connection (SQLite) or one heap (memory), so a
 * transaction that awaits must keep every other caller out until it commits or rolls back.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn);
    // Keep the chain alive whatever fn does; the caller sees the real outcome via `result`.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
