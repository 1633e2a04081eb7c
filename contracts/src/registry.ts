import type avro from 'avsc';
import type { z } from 'zod';
import type { AnyEventContract, EventData } from './contract.ts';
import {
  ContractViolationError,
  DuplicateContractError,
  IncompatibleSchemaError,
  UnknownContractError,
  type ContractIssue,
} from './errors.ts';

type TypeOf<C extends AnyEventContract> = C['type'];
// Matched as "does the argument fit this contract", not Extract's reverse, so
// that a plain registry (type: string) accepts literal arguments as well.
type ContractsOfType<C extends AnyEventContract, T> = C extends AnyEventContract
  ? T extends C['type']
    ? C
    : never
  : never;
type VersionOf<C extends AnyEventContract, T> = ContractsOfType<C, T>['version'];
type ContractOf<C extends AnyEventContract, T, V> = C extends AnyEventContract
  ? T extends C['type']
    ? V extends C['version']
      ? C
      : never
    : never
  : never;
type DataOf<C extends AnyEventContract, T, V> = EventData<ContractOf<C, T, V>>;

/**
 * Every event type and version the product knows, and the one place where
 * events become bytes and bytes become events. Typed by the contracts it
 * holds: a registry built from literal contracts checks types, versions and
 * payloads at compile time; a plain `ContractRegistry` accepts any string, for
 * code such as the relay that only learns the event type at run time.
 */
export class ContractRegistry<out C extends AnyEventContract = AnyEventContract> {
  readonly #versionsByType = new Map<string, Map<number, AnyEventContract>>();
  // Keyed by the contract objects themselves, so a resolver never outlives them.
  readonly #resolvers = new WeakMap<AnyEventContract, Map<AnyEventContract, avro.Resolver>>();

  /**
   * Refuses a version whose schema cannot read data written with any other
   * registered version of its type, older or newer: the store keeps events
   * forever and every version must be able to replay them. Returns this same
   * registry, typed with the added contracts.
   */
  register<const Added extends AnyEventContract[]>(
    ...contracts: Added
  ): ContractRegistry<C | Added[number]> {
    const added: AnyEventContract[] = [];
    try {
      for (const contract of contracts) if (this.#add(contract)) added.push(contract);
    } catch (error) {
      // All or nothing: a half-registered batch would leave a type without its newest version.
      for (const contract of added) this.#remove(contract);
      throw error;
    }
    return this as ContractRegistry<C | Added[number]>;
  }

  has(type: string, version: number): boolean {
    return this.#versionsByType.get(type)?.has(version) ?? false;
  }

  /** Whether any version of the type is registered. */
  hasType(type: string): boolean {
    return this.#versionsByType.has(type);
  }

  get<T extends TypeOf<C>, V extends VersionOf<C, T>>(type: T, version: V): ContractOf<C, T, V> {
    const contract = this.#versionsByType.get(type)?.get(version);
    if (!contract) throw new UnknownContractError(type, version);
    return contract as ContractOf<C, T, V>;
  }

  latest<T extends TypeOf<C>>(type: T): ContractsOfType<C, T> {
    const versions = this.#versionsByType.get(type);
    if (!versions) throw new UnknownContractError(type);
    const newest = Math.max(...versions.keys());
    return versions.get(newest) as ContractsOfType<C, T>;
  }

  /** Sorted by type, then version, so listings and generated documents are stable. */
  all(): C[] {
    return [...this.#versionsByType.keys()]
      .sort()
      .flatMap((type) => sortedVersions(this.#versionsByType.get(type)))
      .map((contract) => contract as C);
  }

  validate<T extends TypeOf<C>, V extends VersionOf<C, T>>(
    type: T,
    version: V,
    data: unknown,
  ): DataOf<C, T, V> {
    return parseWith(this.get(type, version), data) as DataOf<C, T, V>;
  }

  encode<T extends TypeOf<C>, V extends VersionOf<C, T>>(
    type: T,
    version: V,
    data: DataOf<C, T, V>,
  ): Buffer {
    const contract = this.get(type, version);
    return contract.avroType.toBuffer(parseWith(contract, data));
  }

  /**
   * Reads bytes written with `writerVersion` as `readerVersion` (the latest by
   * default): fields the writer did not know take their Avro defaults.
   */
  decode<T extends TypeOf<C>, V extends VersionOf<C, T> = VersionOf<C, T>>(
    type: T,
    writerVersion: VersionOf<C, T>,
    bytes: Buffer,
    readerVersion?: V,
  ): DataOf<C, T, V> {
    const writer = this.get(type, writerVersion);
    const reader = readerVersion === undefined ? this.latest(type) : this.get(type, readerVersion);
    const value = decodeBytes(reader, bytes, this.#resolver(reader, writer));
    // Bytes come from outside the process; the reader's zod check also turns
    // avsc's record instances into plain objects.
    return parseWith(reader, value) as DataOf<C, T, V>;
  }

  /** Returns false when this very contract was already registered. */
  #add(contract: AnyEventContract): boolean {
    const versions = this.#versionsByType.get(contract.type) ?? new Map<number, AnyEventContract>();
    const existing = versions.get(contract.version);
    if (existing === contract) return false;
    if (existing) throw new DuplicateContractError(contract.type, contract.version);
    for (const other of versions.values()) {
      const [older, newer] =
        other.version < contract.version ? [other, contract] : [contract, other];
      this.#resolver(newer, older);
    }
    versions.set(contract.version, contract);
    this.#versionsByType.set(contract.type, versions);
    return true;
  }

  #remove(contract: AnyEventContract): void {
    const versions = this.#versionsByType.get(contract.type);
    versions?.delete(contract.version);
    if (versions?.size === 0) this.#versionsByType.delete(contract.type);
  }

  /** Resolvers are costly to build and needed per decoded event, so they are kept. */
  #resolver(reader: AnyEventContract, writer: AnyEventContract): avro.Resolver | undefined {
    if (reader === writer) return undefined;
    const byWriter = this.#resolvers.get(reader) ?? new Map<AnyEventContract, avro.Resolver>();
    this.#resolvers.set(reader, byWriter);
    let resolver = byWriter.get(writer);
    if (!resolver) {
      resolver = createResolver(reader, writer);
      byWriter.set(writer, resolver);
    }
    return resolver;
  }
}

function sortedVersions(versions: Map<number, AnyEventContract> | undefined): AnyEventContract[] {
  return [...(versions?.values() ?? [])].sort((a, b) => a.version - b.version);
}

function createResolver(reader: AnyEventContract, writer: AnyEventContract): avro.Resolver {
  try {
    return reader.avroType.createResolver(writer.avroType);
  } catch (error) {
    throw new IncompatibleSchemaError(reader.type, reader.version, writer.version, reasonOf(error));
  }
}

function decodeBytes(
  reader: AnyEventContract,
  bytes: Buffer,
  resolver: avro.Resolver | undefined,
): unknown {
  try {
    return reader.avroType.fromBuffer(bytes, resolver);
  } catch (error) {
    const issue = { path: '', message: `undecodable bytes: ${reasonOf(error)}` };
    throw new ContractViolationError(reader.type, reader.version, [issue]);
  }
}

function parseWith(contract: AnyEventContract, data: unknown): unknown {
  const result = contract.zod.safeParse(data);
  if (!result.success) {
    throw new ContractViolationError(contract.type, contract.version, issuesOf(result.error));
  }
  return result.data;
}

function issuesOf(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
