import { GHOST_INITIAL, ghostAged, ghostKeyOf, PROBATION_SHARE, RETURN_WINDOW, type GhostState } from '../../policy/ghost.js';
import { DList } from '../dlist.js';
import { SlotHeap } from '../heap.js';
import { KeyTable } from '../key-table.js';
import { Slots } from '../slots.js';
import type { CachedObject, MirrorPolicy } from '../types.js';

const PROBATION = 1;
const MAIN = 2;

/**
 * The planner's `ghost` online (src/policy/ghost.ts has the rules and the formulas, shared): probation, a list of the
 * objects requested once since they came (oldest first), and the rest in a heap on their key (last request + tauMain
 * at it x (further requests + returns)). An object evicted before and requested again is a return; within
 * RETURN_WINDOW tau of its eviction it skips probation. tau moves with every victim's idle time, tauMain with those
 * of the heap's victims. What the usage store
 * keeps of evicted names is here a table of every id ever evicted: when, how often it came back, how long after.
 * O(log n) per request.
 */
export class GhostPolicy implements MirrorPolicy {
  readonly name = 'ghost';
  onEvict: ((key: number) => void) | undefined = undefined;
  /** The state the planner would carry from run to run. */
  private current: GhostState = GHOST_INITIAL;
  private readonly s = new Slots();
  private readonly probation = new DList(this.s);
  private readonly heap = new SlotHeap(this.s);
  private readonly ghosts = new KeyTable();
  private evictedAt = new Float64Array(1024);
  private returns = new Uint32Array(1024);
  private gap = new Float64Array(1024);
  /** Per slot: tauMain at the object's last request (the slots' own `q` keeps tau). */
  private mainAt = new Float64Array(1024);
  private mainBytes = 0;
  private clock = 0;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.probation.bytes + this.mainBytes;
  }

  get count(): number {
    return this.probation.count + this.heap.n;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const tick = this.clock++;
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      s.t[x] = tick;
      s.cnt[x]!++;
      this.stamp(x);
      if (s.flag[x] === PROBATION) this.toMain(x);
      else {
        s.p[x] = this.keyOf(x);
        this.heap.update(x);
      }
      return true;
    }
    if (size > this.capacity) return false;
    const g = this.ghostOf(key, tick);
    while (this.used + size > this.capacity) this.evict(tick);
    const y = s.alloc(key, size);
    s.t[y] = tick;
    s.cnt[y] = 1;
    this.stamp(y);
    if (g >= 0 && this.gap[g]! <= RETURN_WINDOW * this.current.tau) this.toMain(y);
    else {
      s.flag[y] = PROBATION;
      this.probation.pushHead(y);
    }
    return false;
  }

  /** Keep the state at this request, as the store copies the root's state to an entry at each use. */
  private stamp(x: number): void {
    this.s.q[x] = this.current.tau;
    if (x >= this.mainAt.length) {
      const b = new Float64Array(Math.max(x + 1, this.mainAt.length * 2));
      b.set(this.mainAt);
      this.mainAt = b;
    }
    this.mainAt[x] = this.current.tauMain;
  }

  /** The ghost of an id requested again after an eviction: one more return, and its gap. -1 for an id never evicted. */
  private ghostOf(key: number, tick: number): number {
    const g = this.ghosts.get(key);
    if (g < 0) return -1;
    this.returns[g]!++;
    this.gap[g] = tick - this.evictedAt[g]!;
    return g;
  }

  private keyOf(x: number): number {
    const s = this.s;
    const g = this.ghosts.get(s.keys[x]!);
    return ghostKeyOf(s.t[x]!, this.mainAt[x]!, s.cnt[x]!, g >= 0 ? this.returns[g]! : 0);
  }

  private toMain(x: number): void {
    const s = this.s;
    if (s.flag[x] === PROBATION) this.probation.remove(x);
    s.flag[x] = MAIN;
    s.p[x] = this.keyOf(x);
    this.heap.push(x);
    this.mainBytes += s.size[x]!;
  }

  /** The planner's order, one victim: probation's oldest while probation holds more than its share, else the heap's. */
  private evict(tick: number): void {
    const s = this.s;
    const fromP = this.probation.count > 0 && (this.heap.n === 0 || this.probation.bytes > PROBATION_SHARE * this.used);
    const v = fromP ? this.probation.tail : this.heap.top();
    this.onEvict?.(s.keys[v]!);
    if (fromP) this.probation.remove(v);
    else {
      this.heap.remove(v);
      this.mainBytes -= s.size[v]!;
    }
    this.current = ghostAged(this.current, tick - s.t[v]!, !fromP);
    this.remember(s.keys[v]!, tick);
    s.release(v);
  }

  /** Remember an evicted id (and when), as the usage store remembers an evicted name. */
  private remember(key: number, tick: number): void {
    let g = this.ghosts.get(key);
    if (g < 0) {
      g = this.ghosts.size;
      if (g === this.evictedAt.length) this.grow();
      this.ghosts.set(key, g);
      this.returns[g] = 0;
      this.gap[g] = NaN;
    }
    this.evictedAt[g] = tick;
  }

  private grow(): void {
    const n = this.evictedAt.length * 2;
    const f = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.evictedAt = f(this.evictedAt);
    this.gap = f(this.gap);
    const r = new Uint32Array(n);
    r.set(this.returns);
    this.returns = r;
  }

  state(): GhostState {
    return this.current;
  }

  snapshot(): CachedObject[] {
    const s = this.s;
    const out: CachedObject[] = [];
    for (const x of s.live()) {
      const g = this.ghosts.get(s.keys[x]!);
      const o: CachedObject = { key: s.keys[x]!, size: s.size[x]!, lastAccess: s.t[x]!, hits: s.cnt[x]!, stateAtUse: { tau: s.q[x]!, n: 0, tauMain: this.mainAt[x]!, nMain: 0 } };
      if (g >= 0 && this.returns[g]! > 0) {
        o.refetches = this.returns[g]!;
        o.returnGap = this.gap[g]!;
      }
      out.push(o);
    }
    return out;
  }
}
