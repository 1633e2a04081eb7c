import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/**
 * A TypeScript script in a process of its own, for fault tests that must kill a component for
 * real (SIGKILL: no finally blocks, no clean shutdown, open transactions aborted by the server).
 * The script reports progress as lines on stdout; the test waits for them.
 */
export interface TsProcess {
  /** Resolves with the first stdout line starting with `prefix`, seen before or after the call. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  /** Kills the process (SIGKILL unless told) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export const startTsProcess = (script: string, env: Record<string, string> = {}): TsProcess => {
  const child = spawn(process.execPath, ['--import', tsxLoader, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((notify) => notify());
  });
  const exited = once(child, 'exit');

  const waitForLine = (prefix: string, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((candidate) => candidate.startsWith(prefix));
        if (line !== undefined) finish(() => resolve(line));
      };
      const fail = (why: string) => () =>
        finish(() => reject(new Error(`${script}: ${why} before "${prefix}": ${stderr.trim()}`)));
      const timer = setTimeout(fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      const onExit = fail(`exited (${child.exitCode ?? child.signalCode})`);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
        settle();
      };
      listeners.add(check);
      child.on('exit', onExit);
      check();
      if (child.exitCode !== null || child.signalCode !== null) onExit();
    });

  return {
    waitForLine,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
};
