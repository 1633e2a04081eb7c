import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/**
 * kafkajs stays behind this folder: it is no longer actively maintained, and the bus port lets a
 * maintained client replace it without touching services.
 */
export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  /** Further kafkajs settings: TLS, SASL, log level, connection retries. */
  kafka?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
}

export const kafkaClient = ({ brokers, clientId, kafka }: KafkaConnectionOptions): Kafka =>
  new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 8 },
    ...kafka,
  });
