import fs from 'node:fs';
import type { Key } from '../types.js';
import { ChunkBuilder, type ProblemSink, type TraceChunk, type TraceInfo, type TraceSource } from './types.js';

/** Bytes per record: u32 time, u64 id, u32 size, i64 next access (little-endian, packed). */
export const RECORD = 24;
const TWO32 = 2 ** 32;

/**
 * libCacheSim's `oracleGeneral` binary trace (uncompressed): 24-byte little-endian records of u32 clock time
 * (seconds), u64 object id, u32 object size, i64 next access (virtual time). The next-access field is read but not
 * relied upon: the optimum computes next requests itself, the same way for every format. Ids above 2^53 are kept
 * exactly, as text. Trailing bytes that do not make a whole record are a problem (a truncated file).
 */
export function oracleGeneralTrace(file: string): TraceSource {
  return {
    label: file,
    format: 'oracle-general',
    async read(onChunk: (c: TraceChunk) => void, onProblem: ProblemSink): Promise<TraceInfo> {
      const out = new ChunkBuilder(onChunk);
      const stream = fs.createReadStream(file, { highWaterMark: RECORD * 65536 });
      let carry: Buffer = Buffer.alloc(0);
      let offset = 0;
      try {
        for await (const raw of stream as AsyncIterable<Buffer>) {
          const buf = carry.length > 0 ? Buffer.concat([carry, raw]) : raw;
          const whole = buf.length - (buf.length % RECORD);
          for (let at = 0; at < whole; at += RECORD) {
            const time = buf.readUInt32LE(at);
            const lo = buf.readUInt32LE(at + 4);
            const hi = buf.readUInt32LE(at + 8);
            const size = buf.readUInt32LE(at + 12);
            const key: Key = hi < 0x200000 ? hi * TWO32 + lo : (BigInt(hi) * 4294967296n + BigInt(lo)).toString();
            out.push(key, size, time);
          }
          offset += whole;
          carry = Buffer.from(buf.subarray(whole));
        }
      } finally {
        stream.destroy();
      }
      if (carry.length > 0) {
        onProblem({ where: `record ${offset / RECORD + 1} (byte ${offset})`, why: `${carry.length} trailing bytes, not a whole ${RECORD}-byte record (truncated file?)` });
      }
      out.flush();
      return { hasTime: true };
    },
  };
}
