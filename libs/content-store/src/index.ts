export { createContentStore, type ContentStore } from './contentStore.ts';
export { LetterContentConflict } from './errors.ts';
export {
  canonicalJson,
  letterDigest,
  sha256Hex,
  type LetterAction,
  type LetterContent,
  type LetterDocument,
  type LetterFile,
  type StoredFile,
} from './letterContent.ts';
export { ensureContentSchema } from './schema.ts';
