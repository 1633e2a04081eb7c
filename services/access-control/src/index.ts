// The access-control service's public face: the service (its port) and, for the database's
// setup by its owner, its schema. Its stream names, decider and table stay inside.
export {
  createAccessControlService,
  type AccessControlService,
  type AccessControlServiceOptions,
} from './accessControlService.ts';
export {
  createAccessControl,
  type AccessControl,
  type AccessControlOptions,
} from './grants/accessControl.ts';
export { ensureAccessSchema } from './grants/rightsTable.ts';
