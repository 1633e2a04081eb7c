export * from './gatewayFixture.ts';
