export type ShutdownHook = () => Promise<unknown> | unknown;

export interface NamedHook {
  name: string;
  run: ShutdownHook;
}

/**
 * What to stop when the process stops, run newest first: what was started last usually depends
 * on what was started before it (a consumer on the store), so it must stop first.
 */
export class ShutdownHooks {
  readonly #hooks: NamedHook[] = [];

  /** Registers `hook`; returns a function that unregisters it. */
  add(hook: ShutdownHook, name: string = hook.name || 'anonymous'): () => void {
    const entry = { name, run: hook };
    this.#hooks.push(entry);
    return () => {
      const index = this.#hooks.indexOf(entry);
      if (index !== -1) this.#hooks.splice(index, 1);
    };
  }

  newestFirst(): NamedHook[] {
    return [...this.#hooks].reverse();
  }
}

/** The process-wide registry `onShutdown` adds to and `installShutdown` runs by default. */
export const processShutdownHooks = new ShutdownHooks();

/** Registers something to stop on shutdown, e.g. `onShutdown(() => store.close(), 'event store')`. */
export const onShutdown = (hook: ShutdownHook, name?: string): (() => void) =>
  processShutdownHooks.add(hook, name);
