/** Base of every error this package throws, so callers can tell contract faults from others. */
export class ContractError extends Error {
  override name = 'ContractError';
}

export class UnknownContractError extends ContractError {
  override name = 'UnknownContractError';

  constructor(
    readonly eventType: string,
    readonly version?: number,
  ) {
    super(
      version === undefined
        ? `no contract is registered for event type "${eventType}"`
        : `no contract is registered for event type "${eventType}" version ${version}`,
    );
  }
}

export interface ContractIssue {
  /** Dotted path to the offending value, empty for the event as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * Data that does not match its contract. The issues carry paths and reasons,
 * never the offending values: those may be personal data and errors get logged.
 */
export class ContractViolationError extends ContractError {
  override name = 'ContractViolationError';

  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`${eventType} v${version} violates its contract: ${describeIssues(issues)}`);
  }
}

function describeIssues(issues: readonly ContractIssue[]): string {
  return issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
}

/** A version whose reader cannot read another version's data: replaying the store would break. */
export class IncompatibleSchemaError extends ContractError {
  override name = 'IncompatibleSchemaError';

  constructor(
    readonly eventType: string,
    readonly readerVersion: number,
    readonly writerVersion: number,
    readonly reason: string,
  ) {
    super(
      `${eventType} v${readerVersion} cannot read data written as v${writerVersion}: ${reason}`,
    );
  }
}

export class DuplicateContractError extends ContractError {
  override name = 'DuplicateContractError';

  constructor(
    readonly eventType: string,
    readonly version: number,
  ) {
    super(`${eventType} v${version} is already registered with another definition`);
  }
}
