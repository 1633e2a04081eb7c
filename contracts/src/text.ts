import { z } from 'zod';

/**
 * Free text as people read it in a viewing client: no control characters, which show as
 * nothing or as garbage and can hide what a line really says (a title, a file name, a folder
 * name). Text of several lines keeps its line breaks and tabs.
 */
export const singleLineText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'Control characters are not allowed');

export const multiLineText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(
      /^(?:[^\p{Cc}]|[\t\n\r])*$/u,
      'Control characters other than line breaks and tabs are not allowed',
    );

/**
 * The journal number of the case behind an operator's write. A reference, never a description:
 * free text is where personal data (names, health) slips into an event log kept for years.
 */
export const caseReferenceSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    'a case reference: letters, digits and . _ / -, starting with a letter or digit',
  );

/** Who an operator is, as their token names them: recorded as the actor of what they order. */
export const operatorIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'an operator id: printable ASCII without spaces');
