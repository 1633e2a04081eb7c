import type { HostileSystem } from './hostileSystem.ts';
import type { Front, SampleParts } from './samples.ts';

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
}

interface OperationObject {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export const fronts: Front[] = ['gateway', 'senderApi', 'operations'];

/** Routes for the platform itself, not for the fronts' clients. */
const IGNORED = /^\/(dev\/tokens|health|ready|metrics|docs)/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Each front's OpenAPI document, served beside its routes (the operators' to operators only). */
export const documentsOf = async (system: HostileSystem, operator: { authorization: string }) => {
  const documents = {} as Record<Front, OpenApiDocument>;
  for (const front of fronts) {
    const headers = front === 'operations' ? operator : {};
    const response = await fetch(`${system[front]}/docs/json`, { headers });
    if (!response.ok) throw new Error(`no OpenAPI document on the ${front}: ${response.status}`);
    documents[front] = (await response.json()) as OpenApiDocument;
  }
  return documents;
};

/** Every operation a document offers clients, as `METHOD /path/{param}`. */
export const operationsIn = (document: OpenApiDocument): string[] =>
  Object.entries(document.paths)
    .filter(([path]) => !IGNORED.test(path))
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );

const operationObject = (document: OpenApiDocument, operation: string) => {
  const [method, path] = operation.split(' ') as [string, string];
  return document.paths[path]?.[method.toLowerCase()];
};

const resolved = (document: OpenApiDocument, schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? document.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;

/** The parameters and top-level body fields the document names that a sample leaves out. */
export const undocumentedGaps = (
  document: OpenApiDocument,
  operation: string,
  parts: SampleParts,
): string[] => {
  const spec = operationObject(document, operation);
  if (!spec) return [];
  const sent: Record<string, Record<string, unknown> | undefined> = {
    path: parts.params,
    query: parts.query,
    header: parts.headers,
  };
  const missing = (spec.parameters ?? [])
    .filter(
      (p) => sent[p.in] && !((p.in === 'header' ? p.name.toLowerCase() : p.name) in sent[p.in]!),
    )
    .concat((spec.parameters ?? []).filter((p) => !sent[p.in]))
    .map((p) => `${p.in}:${p.name}`);
  const body = resolved(document, spec.requestBody?.content['application/json']?.schema);
  const fields = Object.keys(body?.properties ?? {});
  const given = (parts.body ?? {}) as Record<string, unknown>;
  return [...new Set(missing)].concat(
    fields.filter((field) => !(field in given)).map((field) => `body:/${field}`),
  );
};
