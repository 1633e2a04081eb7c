export * from './gatewayFixture.ts';
export * from './enrollmentFixture.ts';
export * from './refusedCredentials.ts';
export * from './expectProblem.ts';
export { portTransports, type PortTransport } from './overPorts.ts';
