import type { Entry, EntryKind, EntryLink, Fingerprint, WriterCheck } from '../shared/types.js';
import { childPath } from './measure.js';

/**
 * The numbers of every entry of one scan, `FIELDS` doubles per entry in one Float64Array: 64 bytes an entry. As fields
 * of an object each time was a pointer to a boxed double of its own (V8 no longer stores a double inside an object:
 * a 16-byte box per field, measured on Node 20), and the fingerprint an object repeating them: 200k file entries held
 * about 480 bytes each.
 */
export const COL = { bytes: 0, allocatedBytes: 1, apparentBytes: 2, mtimeMs: 3, atimeMs: 4, dev: 5, ino: 6, nodes: 7 } as const;
export const FIELDS = 8;

const KINDS: readonly EntryKind[] = ['file', 'dir', 'symlink', 'other'];
const KIND_CODE: Readonly<Record<EntryKind, number>> = { file: 0, dir: 1, symlink: 2, other: 3 };
const PARTIAL = 4;
const CLASS_SHIFT = 3;

/**
 * The columns, and the root the entries' paths are made from. Grown by doubling, trimmed to size by the scan.
 * `codes[i]`: the entry's kind (2 bits), partial (1 bit) and the index of its class in `classes` (the rest).
 */
export class EntryTable {
  cols: Float64Array;
  codes: Uint32Array;
  length = 0;
  readonly classes: string[] = [];
  private readonly classIds = new Map<string, number>();

  /** `rows`: how many entries are expected (the root's names: exact for a flat cache, which then grows never). */
  constructor(
    readonly base: string,
    rows = 1024,
  ) {
    this.cols = new Float64Array(FIELDS * Math.max(rows, 16));
    this.codes = new Uint32Array(Math.max(rows, 16));
  }

  /** A new row, all zeros but its kind; its offset in `cols` is the returned index times FIELDS. */
  add(kind: EntryKind): number {
    if (this.length === this.codes.length) {
      const cols = new Float64Array(this.cols.length * 2);
      cols.set(this.cols);
      this.cols = cols;
      const codes = new Uint32Array(this.codes.length * 2);
      codes.set(this.codes);
      this.codes = codes;
    }
    this.codes[this.length] = KIND_CODE[kind];
    return this.length++;
  }

  /** Give row i its class and whether it is partial (once, after add). */
  classify(i: number, cls: string, partial: boolean): void {
    let id = this.classIds.get(cls);
    if (id === undefined) {
      id = this.classes.length;
      this.classes.push(cls);
      this.classIds.set(cls, id);
    }
    this.codes[i] = (this.codes[i]! & 3) | (partial ? PARTIAL : 0) | (id << CLASS_SHIFT);
  }

  /** Drop the room doubling left (counted as memory of the process whether or not its pages were ever touched). */
  trim(): void {
    if (this.length === this.codes.length) return;
    this.cols = this.cols.slice(0, this.length * FIELDS);
    this.codes = this.codes.slice(0, this.length);
  }

  kind(i: number): EntryKind {
    return KINDS[this.codes[i]! & 3]!;
  }
  class(i: number): string {
    return this.classes[this.codes[i]! >>> CLASS_SHIFT]!;
  }
  partial(i: number): boolean {
    return (this.codes[i]! & PARTIAL) !== 0;
  }
}

/** What few entries have: kept apart so that an entry without any is 4 fields. */
export interface RareFields {
  unknownWhy?: string;
  link?: EntryLink;
  defaultMaxAgeMs?: number;
  expiredWhy?: string;
  writerCheck?: WriterCheck;
  /** Absent or non-empty. */
  warnings?: string[];
}

// Nothing in the code pushes onto an entry's warnings (grep: the scan's own loops read them): frozen, so that a
// push that came later fails loudly instead of giving every entry the warning.
const NO_WARNINGS = Object.freeze([]) as unknown as string[];

/**
 * An entry of a scan, as small as the rest of the code allows (4 fields: 56 bytes, where 13 fields, a fingerprint
 * object, a path and boxed times were about 480): its numbers, kind, class and partial flag in the scan's EntryTable,
 * its path and fingerprint made when asked for (a victim's re-check, the in-use index), the rare fields in one
 * shared object.
 * The fingerprint has exactly the numbers scanned: the walk wrote them into the table, nothing is recomputed.
 * Getters live on the prototype: a spread or structuredClone of an entry loses them; `plainEntry` copies one.
 */
export class ScannedEntry implements Entry {
  readonly name: string;
  private readonly t: EntryTable;
  private readonly i: number;
  private readonly x: Readonly<RareFields> | undefined;

  constructor(name: string, t: EntryTable, i: number, x: Readonly<RareFields> | undefined) {
    this.name = name;
    this.t = t;
    this.i = i;
    this.x = x;
  }

  get kind(): EntryKind {
    return this.t.kind(this.i);
  }
  get class(): string {
    return this.t.class(this.i);
  }
  get partial(): boolean {
    return this.t.partial(this.i);
  }
  /** Exactly when there is a reason (settle): the flag is not kept apart from it. */
  get unknown(): boolean {
    return this.x?.unknownWhy !== undefined;
  }
  get path(): string {
    return childPath(this.t.base, this.name);
  }
  get bytes(): number {
    return this.t.cols[this.i * FIELDS + COL.bytes]!;
  }
  get allocatedBytes(): number {
    return this.t.cols[this.i * FIELDS + COL.allocatedBytes]!;
  }
  get apparentBytes(): number {
    return this.t.cols[this.i * FIELDS + COL.apparentBytes]!;
  }
  get mtimeMs(): number {
    return this.t.cols[this.i * FIELDS + COL.mtimeMs]!;
  }
  get atimeMs(): number {
    return this.t.cols[this.i * FIELDS + COL.atimeMs]!;
  }
  get fingerprint(): Fingerprint {
    const c = this.t.cols;
    const o = this.i * FIELDS;
    return { dev: c[o + COL.dev]!, ino: c[o + COL.ino]!, kind: this.t.kind(this.i), apparentBytes: c[o + COL.apparentBytes]!, mtimeMs: c[o + COL.mtimeMs]!, nodes: c[o + COL.nodes]! };
  }
  get warnings(): string[] {
    return this.x?.warnings ?? NO_WARNINGS;
  }
  get unknownWhy(): string | undefined {
    return this.x?.unknownWhy;
  }
  get link(): EntryLink | undefined {
    return this.x?.link;
  }
  get defaultMaxAgeMs(): number | undefined {
    return this.x?.defaultMaxAgeMs;
  }
  get expiredWhy(): string | undefined {
    return this.x?.expiredWhy;
  }
  get writerCheck(): WriterCheck | undefined {
    return this.x?.writerCheck;
  }

  /** JSON.stringify of an entry gives what it gave of the plain object the scan made before. */
  toJSON(): Entry {
    return plainEntry(this);
  }
}

/**
 * An entry as a plain object with own fields, in the order the scan used to write them, optional ones only when set:
 * for a spread, a structuredClone or a deep equality with a plain entry.
 */
export function plainEntry(e: Entry): Entry {
  const p: Entry = {
    name: e.name,
    path: e.path,
    kind: e.kind,
    class: e.class,
    partial: e.partial,
    unknown: e.unknown,
    bytes: e.bytes,
    allocatedBytes: e.allocatedBytes,
    apparentBytes: e.apparentBytes,
    mtimeMs: e.mtimeMs,
    atimeMs: e.atimeMs,
    fingerprint: { ...e.fingerprint },
    warnings: [...e.warnings],
  };
  if (e.unknownWhy !== undefined) p.unknownWhy = e.unknownWhy;
  if (e.link !== undefined) p.link = e.link;
  if (e.defaultMaxAgeMs !== undefined) p.defaultMaxAgeMs = e.defaultMaxAgeMs;
  if (e.expiredWhy !== undefined) p.expiredWhy = e.expiredWhy;
  if (e.writerCheck !== undefined) p.writerCheck = e.writerCheck;
  return p;
}
