/**
 * JSON for a port's arguments and answers, with what JSON loses kept under marker keys: bytes (a
 * file, an attachment) as base64, so a Buffer arrives as a Buffer; and an argument left out in
 * the middle or at the end (`undefined`), which JSON would turn into null.
 */
const BYTES = '$bytes';
const UNDEFINED = '$undefined';

export const encode = (value: unknown): string =>
  JSON.stringify(value, function (key, member: unknown) {
    // JSON.stringify has already called Buffer's toJSON; the holder still has the Buffer.
    const original = (this as Record<string, unknown>)[key];
    // A Buffer is a Uint8Array.
    if (original instanceof Uint8Array) {
      return { [BYTES]: Buffer.from(original).toString('base64') };
    }
    if (member === undefined && Array.isArray(this)) return { [UNDEFINED]: true };
    return member;
  });

const onlyKey = (member: object): string | undefined => {
  const keys = Object.keys(member);
  return keys.length === 1 ? keys[0] : undefined;
};

export const decode = (text: string): unknown =>
  JSON.parse(text, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const marked = member as Record<string, unknown>;
    const key = onlyKey(marked);
    if (key === BYTES && typeof marked[BYTES] === 'string') {
      return Buffer.from(marked[BYTES], 'base64');
    }
    // Returning undefined leaves a hole in the array, which reads as undefined.
    if (key === UNDEFINED && marked[UNDEFINED] === true) return undefined;
    return member;
  });
