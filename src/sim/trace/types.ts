import type { Key } from '../types.js';

export type TraceFormat = 'csv' | 'text' | 'oracle-general' | 'store';

/** Requests handed over in chunks (the arrays are reused: consume them before returning). */
export interface TraceChunk {
  n: number;
  keys: Key[];
  /** Bytes. */
  sizes: Float64Array;
  /** Seconds on the trace's clock; NaN when the trace has no time column. */
  times: Float64Array;
}

/** A record that could not be read, and why. Skipped (or fatal with --strict). */
export interface TraceProblem {
  /** `line 12`, `record 7 (byte 144)`, `entry images/x.qcow2`. */
  where: string;
  why: string;
  /** The offending text, shortened. */
  text?: string;
}

export type ProblemSink = (p: TraceProblem) => void;

/** What a read found out about the trace besides its requests. */
export interface TraceInfo {
  /** Whether requests carry times (the age strategy needs them). */
  hasTime: boolean;
}

/** A trace that can be read from the start, as many times as needed, streaming. */
export interface TraceSource {
  /** How messages name it: a file, or the usage store and root. */
  readonly label: string;
  readonly format: TraceFormat;
  read(onChunk: (c: TraceChunk) => void, onProblem: ProblemSink): Promise<TraceInfo>;
}

export const CHUNK = 1 << 16;

/** Collects requests into reused chunk arrays and hands each full chunk over. */
export class ChunkBuilder {
  readonly chunk: TraceChunk = { n: 0, keys: new Array<Key>(CHUNK), sizes: new Float64Array(CHUNK), times: new Float64Array(CHUNK) };

  constructor(private readonly onChunk: (c: TraceChunk) => void) {}

  push(key: Key, size: number, time: number): void {
    const c = this.chunk;
    const i = c.n;
    c.keys[i] = key;
    c.sizes[i] = size;
    c.times[i] = time;
    c.n = i + 1;
    if (c.n === CHUNK) this.flush();
  }

  flush(): void {
    if (this.chunk.n === 0) return;
    this.onChunk(this.chunk);
    this.chunk.n = 0;
  }
}

/** An id as a key: a plain decimal integer that fits a double exactly becomes a number (faster maps), anything else stays text. */
export function keyOf(id: string): Key {
  return /^(?:0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id;
}

/** At most this much of an offending line in messages. */
export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
