import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaMock } from './kafkaMock.ts';

const connects = (server: string): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = server.split(':');
    const socket = createConnection({ host, port: Number(port) });
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });

describe('kafka mock launcher', () => {
  let mock: KafkaMock | undefined;
  afterEach(async () => {
    await mock?.stop();
    mock = undefined;
  });

  it('listens on one bootstrap server per broker', async () => {
    mock = await startKafkaMock({
      brokers: 2,
      topics: [{ name: 'digitalpost.test', partitions: 2 }],
    });
    expect(mock.bootstrapServers).toHaveLength(2);
    expect(await connects(mock.bootstrapServers[0]!)).toBe(true);
  });

  it('answers commands and rejects a bad one', async () => {
    mock = await startKafkaMock();
    await mock.createTopic({ name: 'digitalpost.late', partitions: 3 });
    await mock.brokersDown();
    await mock.brokersUp();
    await expect(mock.createTopic({ name: 'bad name', partitions: 1 })).rejects.toThrow();
    await expect(mock.createTopic({ name: 'digitalpost.none', partitions: 0 })).rejects.toThrow(
      /kafka-mock topic/,
    );
  });

  it('stops, and a second stop is harmless', async () => {
    const stopped = await startKafkaMock();
    await stopped.stop();
    await stopped.stop();
    expect(await connects(stopped.bootstrapServers[0]!)).toBe(false);
  });
});
