export { AuthError, type AuthFailureReason } from './authError.ts';
export {
  createDevIssuer,
  DEFAULT_DEV_ISSUER,
  type DevIssuer,
  type DevIssuerOptions,
  type IssueOptions,
} from './devIssuer.ts';
export {
  authenticate,
  bearerToken,
  type AuthenticateOptions,
  BEARER_CHALLENGE,
  registerBearerChallenge,
} from './http.ts';
export {
  principalFromSubject,
  subjectOf,
  type Principal,
  type PrincipalKind,
} from './principal.ts';
export {
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
  type VerifyOptions,
} from './verifier.ts';
