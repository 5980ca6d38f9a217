// Types for blockio.mjs (plain JavaScript so that `node data/traces/blockio.mjs` runs without a build).
export declare const SEED: number;
export declare const REQUESTS: number;
/** The trace as CSV text (`time,id,size` header, one request a line, a final newline). */
export declare function blockioCsv(seed?: number, requests?: number): string;
