import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import type { Columns } from './columns.js';
import { csvTrace } from './csv.js';
import { oracleGeneralTrace } from './oracle-general.js';
import { textTrace } from './text.js';
import type { TraceFormat, TraceSource } from './types.js';

export type FileFormat = Exclude<TraceFormat, 'store'>;
export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'text', 'oracle-general'];

/** Seconds per unit of a time column. */
export const TIME_UNITS: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };

/** The unit of a time column when none is said (simulate's --time-unit default too). */
export const DEFAULT_TIME_UNIT = 's';

export interface OpenOptions {
  /** `auto` (default): by extension, else by content. */
  format?: FileFormat | 'auto';
  columns?: Columns;
  /** Unit of the time column of text and CSV traces (default DEFAULT_TIME_UNIT). */
  timeUnit?: string;
}

const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP = Buffer.from([0x1f, 0x8b]);

/** The trace format of a file: by its name (.csv, .txt, .oracleGeneral, .bin), else by a look at its first bytes. */
export function detectFormat(file: string, head: Buffer): FileFormat {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.txt')) return 'text';
  if (/\.oraclegeneral(\.bin)?$/.test(name) || name.endsWith('.bin')) return 'oracle-general';
  if (head.includes(0)) return 'oracle-general';
  const text = head.toString('utf8');
  const firstLine = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  return firstLine.includes(',') ? 'csv' : 'text';
}

/** Open a trace file for reading (checked now: a missing or unreadable file is a usage error before any work). */
export function openTraceFile(file: string, opts: OpenOptions = {}): TraceSource {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading blocks until a writer comes (forever); fstat below refuses it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `--trace: ${file} does not exist` : `--trace: ${file} cannot be read (${code})`);
  }
  const head = Buffer.alloc(4096);
  let got: number;
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`--trace: ${file} is a directory, not a trace file`);
    // a pipe could be read only once, and the optimum needs two passes: save the trace to a file first
    if (!st.isFile()) throw new UsageError(`--trace: ${file} is not a regular file (a pipe or device); save the trace to a file first`);
    got = fs.readSync(fd, head, 0, head.length, 0);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--trace: ${file} cannot be read (${(err as NodeJS.ErrnoException).code})`);
  } finally {
    fs.closeSync(fd);
  }
  if (head.subarray(0, 4).equals(ZSTD)) throw new UsageError(`--trace: ${file} is compressed with zstd; decompress it first (zstd -d ${file})`);
  if (head.subarray(0, 2).equals(GZIP)) throw new UsageError(`--trace: ${file} is compressed with gzip; decompress it first (gunzip ${file})`);
  const unit = opts.timeUnit ?? DEFAULT_TIME_UNIT;
  const timeScale = TIME_UNITS[unit];
  if (timeScale === undefined) throw new UsageError(`--time-unit: '${unit}' is not one of ${Object.keys(TIME_UNITS).join(', ')}`);
  const format = opts.format === undefined || opts.format === 'auto' ? detectFormat(file, head.subarray(0, got)) : opts.format;
  const cols = opts.columns ? { columns: opts.columns } : {};
  switch (format) {
    case 'csv':
      return csvTrace(file, { ...cols, timeScale });
    case 'text':
      return textTrace(file, { ...cols, timeScale });
    case 'oracle-general':
      if (opts.columns) throw new UsageError('--columns: an oracleGeneral trace has fixed columns; --columns is for CSV and text traces');
      return oracleGeneralTrace(file);
  }
}
