import { z } from 'zod';

/**
 * The formats a letter's files may have, whoever sends it (an authority or a citizen): formats
 * every viewing client shows safely. No HTML, SVG or scripts: letters are read in several
 * clients, and active content in one of them would be a way into every mailbox.
 */
export const LETTER_MEDIA_TYPES = [
  'application/pdf',
  'text/plain',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'application/xml',
] as const;

export type LetterMediaType = (typeof LETTER_MEDIA_TYPES)[number];

export const letterMediaTypeSchema = z.enum(LETTER_MEDIA_TYPES);
