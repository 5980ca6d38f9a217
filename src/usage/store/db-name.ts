import { decodeName, hasRawBytes, nameBytes } from '../../shared/names.js';

/**
 * A name as the store keeps it: TEXT when it is valid UTF-8 (every name a store held before, unchanged), its exact
 * bytes as a BLOB when it is not. SQLite would get U+FFFD for the raw bytes of a TEXT binding, and two names that
 * differ only there would share one row (a pin on `\xff` would keep `\xfe`); a BLOB never equals a TEXT, so the
 * two kinds of key cannot meet either.
 */
export const dbName = (name: string): string | Buffer => (hasRawBytes(name) ? nameBytes(name) : name);

/** A name read back from the store. */
export const fromDb = (v: string | Buffer): string => (typeof v === 'string' ? v : decodeName(v));
