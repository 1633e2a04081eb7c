export * from './kafkaMock.ts';
export * from './postgres.ts';
export * from './waitFor.ts';
export * from './tsProcess.ts';
export * from './redisServer.ts';
export * from './identifiers.ts';
export * from './freePort.ts';
