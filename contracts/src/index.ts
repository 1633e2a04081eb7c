export type {
  AvroArraySchema,
  AvroEnumSchema,
  AvroField,
  AvroLogicalString,
  AvroMapSchema,
  AvroNonNullSchema,
  AvroNullableSchema,
  AvroPrimitiveName,
  AvroRecordSchema,
  AvroSchema,
  AvroValue,
} from './avro/schema.ts';
export { isoDateSchema, isoTimestampSchema, sha256Schema } from './avro/logicalTypes.ts';
export { zodFromAvro } from './avro/zod.ts';
export { sampleFromAvro } from './avro/sample.ts';
export {
  defineEvent,
  type AnyEventContract,
  type EventContract,
  type EventData,
  type EventDefinition,
} from './contract.ts';
export { ContractRegistry } from './registry.ts';
export {
  ContractError,
  ContractViolationError,
  DuplicateContractError,
  IncompatibleSchemaError,
  UnknownContractError,
  type ContractIssue,
} from './errors.ts';
export { sha256Hex } from './hash.ts';
export { suspectPersonalDataFields } from './privacy.ts';
export * from './events/index.ts';
export {
  authorityIdSchema,
  cprSchema,
  cvrSchema,
  isValidAuthorityId,
  isValidCpr,
  isValidCvr,
  isValidMailboxOwner,
  mailboxIdOf,
  mailboxIdSchema,
  parseMailboxId,
  type MailboxOwner,
  type RecipientKind,
} from './identifiers.ts';
export { calendarDateSchema, instantSchema, isStorableYear } from './time.ts';
export { caseReferenceSchema, multiLineText, singleLineText } from './text.ts';
export { LETTER_MEDIA_TYPES, letterMediaTypeSchema, type LetterMediaType } from './mediaTypes.ts';
export { definePort, PortError, type PortDefinition, type PortErrorClass } from './ports/port.ts';
export { ownMailboxOf, personIdOf, type Acting, type Person } from './ports/people.ts';
export type {
  LetterAction,
  LetterContent,
  LetterDocument,
  LetterFile,
} from './ports/letterContent.ts';
export {
  CannotCalculateChangesError,
  InvalidTokenError,
  NotFoundError,
} from './ports/mailboxErrors.ts';
export * from './ports/mailbox.ts';
export * from './ports/reachability.ts';
export * from './ports/myEnrollment.ts';
export * from './ports/noticeDetails.ts';
export * from './ports/access.ts';
export * from './ports/population.ts';
export * from './ports/redecision.ts';
export * from './ports/withdrawal.ts';
export * from './ports/enrollmentRedecision.ts';
export { enrollmentStreamOf, messageStreamOf, writtenLetterStreamOf } from './streams.ts';
