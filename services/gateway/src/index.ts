export { createGateway, type GatewayOptions } from './gateway.ts';
export { CLIENT_TOKEN_HEADER, type AuthenticationDeps } from './http/acting.ts';
export { NOT_FOUND_DETAIL } from './http/mailboxProblems.ts';
