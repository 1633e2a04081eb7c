import { readFile } from 'node:fs/promises';
import type { SmtpServerProcess } from './smtpProcess.ts';

/** CPU time a phase used, in seconds: where it went, beside the wall-clock time. */
export interface CpuSeconds {
  /** This process: the dispatcher (and PGlite) or the bare nodemailer loop. */
  bench: number;
  smtpServer: number;
  /** Every core's busy time (/proc/stat): the PostgreSQL server, and anything else running. */
  machine: number;
}

export interface Phase<T> {
  result: T;
  /** Mails the SMTP server took during the phase. */
  received: number;
  cpuSeconds: CpuSeconds;
}

/** Seconds the machine's cores have been busy since it booted; 0 where there is no /proc. */
const machineBusySeconds = async (): Promise<number> => {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  const ticks = (stat.split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return (user + nice + system + irq + softirq + steal) / 100;
};

/** Runs `work`, counting what the SMTP server took meanwhile and the CPU time each side used. */
export const measuredPhase = async <T>(
  smtp: SmtpServerProcess,
  work: () => Promise<T>,
): Promise<Phase<T>> => {
  const before = { smtp: await smtp.stats(), machine: await machineBusySeconds() };
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const after = { smtp: await smtp.stats(), machine: await machineBusySeconds() };
  return {
    result,
    received: after.smtp.received - before.smtp.received,
    cpuSeconds: {
      bench: (used.user + used.system) / 1e6,
      smtpServer: (after.smtp.cpuMs - before.smtp.cpuMs) / 1000,
      machine: after.machine - before.machine,
    },
  };
};
