/** A typed listener set. A listener that throws is logged and does not stop the others or the caller. */
export class Listeners<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly map = new Map<keyof Events, Array<Events[keyof Events]>>();

  constructor(private readonly onListenerError: (event: string, err: unknown) => void) {}

  on<E extends keyof Events>(event: E, cb: Events[E]): void {
    const list = this.map.get(event) ?? [];
    list.push(cb);
    this.map.set(event, list);
  }

  off<E extends keyof Events>(event: E, cb: Events[E]): void {
    const list = this.map.get(event);
    if (list)
      this.map.set(
        event,
        list.filter((l) => l !== cb),
      );
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const cb of this.map.get(event) ?? []) {
      try {
        (cb as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (err) {
        this.onListenerError(String(event), err);
      }
    }
  }
}
