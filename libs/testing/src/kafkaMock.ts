import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/**
 * A Kafka protocol peer for integration tests: librdkafka's mock cluster, run by the small
 * launcher in `kafka-mock/`. It has no CreateTopics API, so topics are created here, as deploy
 * configuration creates them in production.
 */
export interface KafkaTopic {
  name: string;
  partitions: number;
}

export interface KafkaMockOptions {
  topics?: KafkaTopic[];
  /** Number of brokers; 1 unless a test needs more. */
  brokers?: number;
}

export interface KafkaMock {
  bootstrapServers: string[];
  /** Every broker drops its connections and refuses new ones; the data is kept. */
  brokersDown(): Promise<void>;
  brokersUp(): Promise<void>;
  createTopic(topic: KafkaTopic): Promise<void>;
  stop(): Promise<void>;
}

const mockDir = fileURLToPath(new URL('../kafka-mock/', import.meta.url));
const binary = `${mockDir}bin/kafka-mock`;
const startTimeoutMs = 15_000;
const stopTimeoutMs = 5_000;

/** The build script is a no-op when the binary is up to date, so calling it always is cheap. */
const buildLauncher = async (): Promise<void> => {
  await promisify(execFile)('bash', [`${mockDir}build.sh`]);
};

export const startKafkaMock = async (options: KafkaMockOptions = {}): Promise<KafkaMock> => {
  await buildLauncher();
  const args = ['--brokers', String(options.brokers ?? 1)];
  for (const topic of options.topics ?? []) args.push('--topic', topicArg(topic));
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = lineReader(child);
  const bootstrap = await withTimeout(lines.next(), startTimeoutMs, 'kafka-mock did not start');
  if (!bootstrap.startsWith('BOOTSTRAP ')) {
    child.kill('SIGKILL');
    throw new Error(`kafka-mock: unexpected first line: ${bootstrap}`);
  }
  return controls(child, lines, bootstrap.slice('BOOTSTRAP '.length).split(','));
};

const topicArg = ({ name, partitions }: KafkaTopic): string => {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`invalid topic name: ${name}`);
  return `${name}:${partitions}`;
};

const controls = (
  child: ChildProcessWithoutNullStreams,
  lines: LineReader,
  bootstrapServers: string[],
): KafkaMock => {
  // Commands are answered in order, one line each; chaining keeps request and answer paired.
  let queue: Promise<unknown> = Promise.resolve();
  const command = (line: string): Promise<void> => {
    const answered = queue.then(async () => {
      child.stdin.write(`${line}\n`);
      const answer = await lines.next();
      if (answer !== 'OK') throw new Error(`kafka-mock ${line}: ${answer}`);
    });
    queue = answered.catch(() => undefined);
    return answered;
  };
  return {
    bootstrapServers,
    brokersDown: () => command('down'),
    brokersUp: () => command('up'),
    createTopic: async (topic) => {
      topicArg(topic);
      await command(`topic ${topic.name} ${topic.partitions}`);
    },
    stop: () => stopProcess(child),
  };
};

const stopProcess = async (child: ChildProcessWithoutNullStreams): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin.end('quit\n');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  await exited;
  clearTimeout(timer);
};

interface LineReader {
  /** The next line of stdout; rejects if the process exits first. */
  next(): Promise<string>;
}

const lineReader = (child: ChildProcessWithoutNullStreams): LineReader => {
  const buffered: string[] = [];
  const waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(line);
    else buffered.push(line);
  });
  child.on('exit', (code, signal) => {
    const error = new Error(`kafka-mock exited (${code ?? signal}): ${stderr.trim()}`);
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  });
  child.on('error', (error) => {
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  });
  return {
    next: () => {
      const line = buffered.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (child.exitCode !== null) return Promise.reject(new Error('kafka-mock has exited'));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
};

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};
