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
