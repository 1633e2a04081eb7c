import { describe, expect, it } from 'vitest';
import type { AvroRecordSchema } from './avro/schema.ts';
import { createProductRegistry } from './events/index.ts';
import { suspectPersonalDataFields } from './privacy.ts';

describe('personal data stays off the bus', () => {
  it.each(
    createProductRegistry()
      .all()
      .map((contract) => [contract.type, contract] as const),
  )('%s carries no content or contact fields', (_, contract) => {
    expect(suspectPersonalDataFields(contract.schema)).toEqual([]);
  });
});

describe('suspectPersonalDataFields', () => {
  const letter = {
    type: 'record',
    name: 'LetterSent',
    fields: [
      { name: 'letterId', type: 'string' },
      { name: 'Body', type: 'string' },
      { name: 'contentSha256', type: 'string' },
      { name: 'titleHash', type: 'string' },
      {
        name: 'recipients',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Recipient',
            fields: [
              { name: 'fullName', type: 'string' },
              { name: 'contact', type: { type: 'map', values: 'string' } },
              {
                name: 'home',
                type: [
                  'null',
                  {
                    type: 'record',
                    name: 'Home',
                    fields: [{ name: 'postalAddress', type: 'string' }],
                  },
                ],
                default: null,
              },
            ],
          },
        },
      },
      { name: 'noticeEmail', type: ['null', 'string'], default: null },
      { name: 'mobilePhone', type: 'string' },
    ],
  } as const satisfies AvroRecordSchema;

  it('finds suspect names at any depth and allows digests of content', () => {
    expect(suspectPersonalDataFields(letter)).toEqual([
      'Body',
      'recipients.fullName',
      'recipients.contact',
      'recipients.home.postalAddress',
      'noticeEmail',
      'mobilePhone',
    ]);
  });
});
