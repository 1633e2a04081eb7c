export { portRoutes, servedPort, type ServedPort } from './servePorts.ts';
export {
  pingPorts,
  portClient,
  portConnection,
  PortUnavailableError,
  type PortClientOptions,
} from './portClient.ts';
export { INTERNAL_AUDIENCE, serviceTokens } from './serviceTokens.ts';
