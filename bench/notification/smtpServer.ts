import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The mail provider of bench:notification, run as a process of its own (smtpProcess.ts forks
 * it), so it does not share an event loop with the dispatcher it is measured beside: a real SMTP
 * server (smtp-server) on loopback, without TLS or authentication, that takes every message,
 * reads it to its end and counts it (no parsing). Told over IPC: `stats` answers what it took
 * and the CPU time it used, `close` stops it.
 */
export type ServerMessage =
  { kind: 'listening'; port: number } | { kind: 'stats'; received: number; cpuMs: number };

export type ParentMessage = { kind: 'stats' } | { kind: 'close' };

let received = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // At the end of a run every client has closed its connections: close at once.
  closeTimeout: 1_000,
  onData: (stream, _session, callback) => {
    stream.on('end', () => {
      received += 1;
      callback();
    });
    stream.resume();
  },
});

const tell = (message: ServerMessage) => process.send?.(message);

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

process.on('message', (message: ParentMessage) => {
  if (message.kind === 'stats') tell({ kind: 'stats', received, cpuMs: cpuMs() });
  else server.close(() => process.exit(0));
});
// The bench that started it is gone: so is its mail provider.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  tell({ kind: 'listening', port: (server.server.address() as AddressInfo).port });
});
