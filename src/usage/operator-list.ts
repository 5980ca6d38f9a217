import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { readBounded } from '../sys/read-bounded.js';
import { relativeInside } from '../sys/paths.js';
import type { Entry } from '../shared/types.js';
import { EntryIndex } from './entry-index.js';
import type { UsageProvider, UsageSignal } from './signal.js';
import { unescapeName } from '../shared/escape.js';
import { decodeName, fsPath } from '../shared/names.js';

/** One line of an operator's list: an entry name or an absolute path. */
export interface ListedItem {
  line: number;
  value: string;
}

/**
 * Parse an in-use list: one entry name or absolute path per line; blank lines and comments (`#` at the start of a
 * line or after a blank) are ignored; surrounding blanks are trimmed, as is a byte order mark; LF, CRLF or CR. Pure.
 * Text that is not a list (a NUL byte, or bytes that were not UTF-8, decoded as U+FFFD) is a UsageError naming
 * the line: an empty or garbled reading would let everything it was meant to protect go.
 */
export function parseInUseList(text: string, label = 'the list'): ListedItem[] {
  const out: ListedItem[] = [];
  // A lone CR ends a line too (old Mac line ends): read as one line, `a\rb` named nothing and protected nothing.
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (/[\u0000\uFFFD]/.test(raw)) {
      throw new UsageError(`--in-use-from: ${label} line ${i + 1} is not text (a NUL byte, or not UTF-8): not an in-use list`);
    }
    const value = raw.replace(/(^|\s)#[\s\S]*$/, '').trim();
    if (value !== '') out.push({ line: i + 1, value });
  });
  return out;
}

export interface OperatorListOptions {
  /** Real path of the cache root. */
  root: string;
  /** The lists, `-` for standard input. */
  files: readonly string[];
  /** Reads standard input (injected for tests). */
  readStdin?: () => string;
  warn: (line: string) => void;
}

interface LoadedList {
  file: string;
  label: string;
  items: ListedItem[];
}

/** In use because the operator says so: `--in-use-from FILE` (repeatable, `-` for stdin). */
export class OperatorListProvider implements UsageProvider {
  readonly name = 'operator-list';
  private readonly lists: LoadedList[];

  /** Reads every list now: a list that cannot be read is a usage error (exit 2) before anything is decided. */
  constructor(private readonly opts: OperatorListOptions) {
    this.lists = opts.files.map((file) => {
      const label = file === '-' ? 'stdin' : file;
      const text = file === '-' && opts.readStdin ? opts.readStdin() : readList(file);
      return { file, label, items: parseInUseList(text, label) };
    });
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const index = new EntryIndex(this.opts.root, entries);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const signals: UsageSignal[] = [];
    for (const list of this.lists) {
      for (const item of list.items) {
        const found = this.find(item.value, index, byName);
        for (const e of found) signals.push({ name: e.name, inUse: [`listed in ${list.label}`] });
        if (found.length === 0) this.opts.warn(`--in-use-from ${list.label} line ${item.line}: '${item.value}' is not an entry of the cache ${this.opts.root}`);
      }
    }
    return signals;
  }

  /** Files are read again (the operator may have added a name since); stdin was read once. */
  recheck(entry: Entry): string[] {
    return this.recheckMany([entry]).get(entry.name) ?? [];
  }

  /** Each list read again once for a batch of victims. */
  recheckMany(entries: readonly Entry[]): Map<string, string[]> {
    const index = new EntryIndex(this.opts.root, entries);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const out = new Map<string, string[]>();
    const add = (name: string, reason: string): void => {
      const list = out.get(name) ?? [];
      if (!list.includes(reason)) list.push(reason);
      out.set(name, list);
    };
    for (const list of this.lists) {
      let items = list.items;
      if (list.file !== '-') {
        try {
          // Read with the same bound and checks as the first time: a list swapped for a FIFO must not hang the run.
          items = parseInUseList(readList(list.file), list.label);
        } catch (err) {
          const why = /line \d+ is not text/.test((err as Error).message) ? 'it is not text any more' : firstClause((err as Error).message, list.file);
          for (const e of entries) add(e.name, `--in-use-from ${list.label} cannot be read again (${why})`);
          continue;
        }
      }
      for (const i of items) {
        for (const e of this.find(i.value, index, byName)) add(e.name, `listed in ${list.label}`);
      }
    }
    return out;
  }

  /**
   * The entries a listed value names: the entry it is or lies inside, or, when it names a directory that holds entries
   * (`--entries files`, `--depth`), every entry below it, as a pin or `--protect` on a directory covers what is below.
   * Without the last rule, `ccache/a` listed as in use named nothing and protected nothing (a warning, then deletions).
   */
  private find(listed: string, index: EntryIndex, byName: Map<string, Entry>): Entry[] {
    // A name copied from a report is in the escape form (`\xff` for a byte that is not UTF-8): shared/escape.ts.
    const value = unescapeName(listed);
    if (path.isAbsolute(value)) {
      const lexical = path.resolve(value);
      let real = lexical;
      try {
        real = decodeName(fs.realpathSync.native(fsPath(lexical), { encoding: 'buffer' }));
      } catch {
        // a listed path that does not exist (yet) can still name an entry lexically
      }
      const e = index.entryAt(real) ?? index.entryAt(lexical);
      if (e) return [e];
      const inside = below(index, relativeInside(real, this.opts.root));
      return inside.length > 0 || real === lexical ? inside : below(index, relativeInside(lexical, this.opts.root));
    }
    // A relative name as a path relative to the root: `./name`, `name/` and `a//b` name the same entry as `name`, `a/b`.
    const rel = path.posix.normalize(value).replace(/\/+$/, '');
    const e = byName.get(rel) ?? byName.get(value.replace(/\/+$/, ''));
    if (e) return [e];
    // An entry above the named path (`dir/f` when `dir` is the entry) is the entry holding it.
    const holder = rel.startsWith('../') || rel === '..' ? undefined : index.entryAt(path.join(this.opts.root, rel));
    return holder ? [holder] : below(index, rel);
  }
}

/**
 * The entries at or below the directory `rel` ('/'-separated, relative to the root; '' for the root itself, which
 * holds every entry: an operator who lists the whole cache as in use gets nothing deleted, not a warning and a clean).
 */
function below(index: EntryIndex, rel: string | null): Entry[] {
  if (rel === null) return [];
  if (rel === '' || rel === '.') return [...index.entries];
  const prefix = `${rel}/`;
  return index.entries.filter((e) => e.name.startsWith(prefix));
}

/** An in-use list's text: a regular file of at most 16 MiB, or standard input for `-`. */
function readList(file: string): string {
  return readBounded(file, { label: '--in-use-from', stdin: true }).toString('utf8');
}

/** What a read error says about the file, without the flag and the file name it starts with. */
function firstClause(message: string, file: string): string {
  const prefix = `--in-use-from: ${file} `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message.replace(/^[^:]*: /, '');
}
