import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@digital-post/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Started {
  npm: ChildProcess;
  gateway: URL;
  lines: string[];
  dir: string;
}

/** `npm start` as a newcomer runs it, with its files and ports of its own. */
const npmStart = async (): Promise<Started> => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-npm-start-'));
  const npm = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      DIGITAL_POST_DATA_DIR: join(dir, 'pglite'),
      DIGITAL_POST_PRINT_DIR: join(dir, 'print'),
      DIGITAL_POST_REGISTER_FEED_DIR: join(dir, 'registers'),
      DIGITAL_POST_NOTICE_SINK_DIR: join(dir, 'notices'),
      DIGITAL_POST_DEV_IDP_KEY_FILE: join(dir, 'idp-key.json'),
      DIGITAL_POST_SERVICE_KEY_FILE: join(dir, 'service-key.json'),
      GATEWAY_PORT: '0',
      SENDER_API_PORT: '0',
      OPERATIONS_PORT: '0',
      INTERNAL_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: npm.stdout! }).on('line', (line) => lines.push(line));
  const label = '  viewing clients (gateway):';
  await waitFor(() => lines.some((line) => line.startsWith(label)), {
    timeoutMs: 120_000,
    message: 'npm start listening',
  });
  const line = lines.find((candidate) => candidate.startsWith(label))!;
  return { npm, gateway: new URL(/(http:\/\/[^/\s]+)/.exec(line)![1]!), lines, dir };
};

/** Every process below `pid`, however deep. */
const descendantsOf = async (pid: number): Promise<number[]> => {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-o', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const row of stdout.trim().split('\n')) {
    const [child, parent] = row.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const visit = (parent: number) =>
    (children.get(parent) ?? []).forEach((child) => (found.push(child), visit(child)));
  visit(pid);
  return found;
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const accepts = (url: URL): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('npm start, stopped with a signal', () => {
  let started: Started | undefined;
  afterEach(async () => {
    if (!started) return;
    for (const pid of [started.npm.pid!, ...(await descendantsOf(started.npm.pid!))]) {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    await rm(started.dir, { recursive: true, force: true });
    started = undefined;
  });

  const stopsWhole = async (signalled: number, signal: NodeJS.Signals) => {
    const { npm, gateway, lines } = started!;
    const processes = [npm.pid!, ...(await descendantsOf(npm.pid!))];
    const exited = once(npm, 'exit');
    process.kill(signalled, signal);
    await exited;
    await waitFor(() => processes.every((pid) => !isRunning(pid)), {
      timeoutMs: 30_000,
      message: 'every process of npm start gone',
    });
    expect(await accepts(gateway)).toBe(false);
    expect(lines.some((line) => line.includes('"msg":"shutdown complete"'))).toBe(true);
  };

  it('stops the platform, gracefully and whole, when npm is told to', async () => {
    started = await npmStart();
    await stopsWhole(started.npm.pid!, 'SIGTERM');
  });

  it('stops whole when the platform process itself is told to', async () => {
    started = await npmStart();
    const [platform] = await descendantsOf(started.npm.pid!);
    await stopsWhole(platform!, 'SIGINT');
  });
});
