import { ContractRegistry, defineEvent } from '@digital-post/contracts';

/**
 * Small event contracts for the bus tests: the tests count side effects by `n`, and the bus must
 * carry any contract, not only the product's. Version 2 of the routed event adds a field with a
 * default, so a consumer reading as v2 sees events written as v1 filled in.
 */
const counted = (name: string) => ({
  type: 'record' as const,
  name,
  namespace: 'dk.digitalpost.test',
  fields: [{ name: 'n', type: 'int' as const }],
});

export const testRoutedV1 = defineEvent({
  type: 'TestMessageRouted',
  version: 1,
  schema: counted('TestMessageRouted'),
});

export const testRoutedV2 = defineEvent({
  type: 'TestMessageRouted',
  version: 2,
  schema: {
    ...counted('TestMessageRouted'),
    fields: [
      { name: 'n', type: 'int' },
      { name: 'routerRelease', type: 'string', default: 'before-v2' },
    ],
  },
});

export const testDeliveredV1 = defineEvent({
  type: 'TestMessageDelivered',
  version: 1,
  schema: counted('TestMessageDelivered'),
});

export const testRegistry = () =>
  new ContractRegistry().register(testRoutedV1, testRoutedV2, testDeliveredV1);

export const routed = (n: number) => ({ type: 'TestMessageRouted', schemaVersion: 1, data: { n } });
export const delivered = (n: number) => ({ type: 'TestMessageDelivered', data: { n } });
