import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '../http/createHttpApp.ts';
import type { HttpApp } from '../http/httpApp.ts';
import { createLogger } from '../logging/logger.ts';
import { installShutdown, type InstalledShutdown } from './installShutdown.ts';
import { ShutdownHooks } from './shutdownHooks.ts';

const silent = createLogger({ serviceName: 'test', level: 'silent' });
let installed: InstalledShutdown | undefined;
afterEach(() => installed?.uninstall());

/** A listening app with a route that holds its reply until the test releases it. */
const slowApp = async (beforeListen: (app: HttpApp, url: () => string) => void = () => {}) => {
  const app = await createHttpApp({ serviceName: 'mailbox', logger: silent, openApi: false });
  let release: () => void = () => undefined;
  let entered: () => void = () => undefined;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  app.get('/slow', async () => {
    entered();
    await released;
    return { done: true };
  });
  const urlOf = () => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  beforeListen(app, urlOf);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = urlOf();
  return { app, url, inHandler, release };
};

const stopsListening = async (app: HttpApp): Promise<void> => {
  while (app.server.listening) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('graceful shutdown', () => {
  it('lets the request in flight finish, refuses new ones, then runs hooks newest first', async () => {
    const { app, url, inHandler, release } = await slowApp();
    const ran: string[] = [];
    const hooks = new ShutdownHooks();
    hooks.add(() => void ran.push('close event store'), 'event store');
    hooks.add(async () => void ran.push('stop consumers'), 'consumers');
    installed = installShutdown({ app, hooks, signals: [], timeoutMs: 5_000 });

    const inFlight = fetch(`${url}/slow`);
    await inHandler;
    const done = installed.shutdown('test');
    await stopsListening(app);

    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(ran).toEqual([]);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    // So the client does not reuse a connection to an instance that is going away.
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({ done: true });
    expect(await done).toEqual({ ok: true, timedOut: false, failed: [] });
    expect(ran).toEqual(['stop consumers', 'close event store']);
  });

  it('answers a request that slips in while the app closes with a 503 problem', async () => {
    let late: Response | undefined;
    // preClose runs after closing began but before the server stops listening: the window in
    // which a request can still arrive, as on a kept-alive connection.
    const { app } = await slowApp((app, url) =>
      app.addHook('preClose', async () => {
        late = await fetch(`${url()}/health`);
      }),
    );
    installed = installShutdown({ app, hooks: new ShutdownHooks(), signals: [] });
    await installed.shutdown();
    expect(late?.status).toBe(503);
    expect(late?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(late?.headers.get('connection')).toBe('close');
    expect(await late?.json()).toMatchObject({
      type: 'https://digitalpost.dk/problems/unavailable',
    });
  });

  it('keeps going when a hook throws, and reports it', async () => {
    const hooks = new ShutdownHooks();
    const ran: string[] = [];
    hooks.add(() => void ran.push('first registered'), 'store');
    hooks.add(() => {
      throw new Error('consumer stuck');
    }, 'consumers');
    installed = installShutdown({ hooks, signals: [], logger: silent });
    expect(await installed.shutdown()).toEqual({
      ok: false,
      timedOut: false,
      failed: ['consumers'],
    });
    expect(ran).toEqual(['first registered']);
  });

  it('gives up at the deadline', async () => {
    const hooks = new ShutdownHooks();
    hooks.add(() => new Promise(() => undefined), 'never ends');
    installed = installShutdown({ hooks, signals: [], timeoutMs: 30, logger: silent });
    expect(await installed.shutdown()).toMatchObject({ ok: false, timedOut: true });
  });

  it('runs once however often it is asked', async () => {
    const hooks = new ShutdownHooks();
    const hook = vi.fn();
    hooks.add(hook);
    installed = installShutdown({ hooks, signals: [] });
    await Promise.all([installed.shutdown(), installed.shutdown()]);
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('an unregistered hook does not run', async () => {
    const hooks = new ShutdownHooks();
    const hook = vi.fn();
    hooks.add(hook)();
    installed = installShutdown({ hooks, signals: [] });
    await installed.shutdown();
    expect(hook).not.toHaveBeenCalled();
  });

  it('on a signal shuts down and exits 0; a second signal exits 1 at once', async () => {
    const hooks = new ShutdownHooks();
    let finish: () => void = () => undefined;
    hooks.add(() => new Promise<void>((resolve) => (finish = resolve)), 'slow hook');
    const exit = vi.fn();
    installed = installShutdown({ hooks, signals: ['SIGUSR2'], exit, logger: silent });
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exit).toHaveBeenCalledWith(1);
    finish();
    await installed.shutdown();
    await vi.waitFor(() => expect(exit).toHaveBeenLastCalledWith(0));
  });
});
