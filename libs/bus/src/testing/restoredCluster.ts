import { connect } from 'node:net';
import type { ISocketFactory } from 'kafkajs';
import type { KafkaMock } from '@digital-post/testing';

/**
 * Brokers behind a fixed address, as behind a DNS name, so the cluster there can be replaced by
 * one restored empty: a kafkajs socket factory that takes every new connection to the current
 * cluster's broker (single-broker clusters only). Connections already open stay with the old
 * cluster until it goes away.
 */
export const fixedAddress = (cluster: KafkaMock) => {
  let broker = brokerOf(cluster);
  const socketFactory: ISocketFactory = ({ onConnect }) => connect(broker, onConnect);
  return {
    socketFactory,
    moveTo: (next: KafkaMock) => {
      broker = brokerOf(next);
    },
  };
};

const brokerOf = ({ bootstrapServers }: KafkaMock) => {
  if (bootstrapServers.length !== 1) throw new Error('fixedAddress moves single-broker clusters');
  const [host, port] = bootstrapServers[0]!.split(':');
  return { host: host!, port: Number(port) };
};
