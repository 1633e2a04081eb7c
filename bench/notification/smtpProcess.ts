import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, ServerMessage } from './smtpServer.ts';

/** What the SMTP server has taken since it started, and the CPU time its process used. */
export interface ServerStats {
  received: number;
  cpuMs: number;
}

export interface SmtpServerProcess {
  url: string;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

const next = <K extends ServerMessage['kind']>(
  child: ChildProcess,
  kind: K,
): Promise<Extract<ServerMessage, { kind: K }>> =>
  new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the SMTP server process exited (${code}) before it said ${kind}`));
    const heard = (message: ServerMessage) => {
      if (message.kind !== kind) return;
      child.off('message', heard).off('exit', exited);
      resolve(message as Extract<ServerMessage, { kind: K }>);
    };
    child.on('message', heard).once('exit', exited);
  });

/**
 * The SMTP server (smtpServer.ts) in a child process of its own, started with this process's
 * Node options (tsx's loader among them), on a loopback port.
 */
export const startSmtpServerProcess = async (): Promise<SmtpServerProcess> => {
  const child = fork(fileURLToPath(new URL('./smtpServer.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await next(child, 'listening');
  const send = (message: ParentMessage) => child.send(message);
  return {
    url: `smtp://127.0.0.1:${port}`,
    stats: async () => {
      const answer = next(child, 'stats');
      send({ kind: 'stats' });
      const { received, cpuMs } = await answer;
      return { received, cpuMs };
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ kind: 'close' });
      await exited;
    },
  };
};
