import { outcomeOf } from '../../src/report/doc.js';
import type { PlanDoc } from '../../src/report/plan-schema.js';

/** A document with only what outcomeOf reads. */
const docWith = (applied: PlanDoc['applied']): PlanDoc => ({ applied }) as unknown as PlanDoc;

describe('outcomeOf', () => {
  it('says deleted, else the first skip, else the first failure, else nothing; and nothing for a dry run', () => {
    const doc = docWith({
      deleted: ['a', 'both'],
      skipped: [
        { name: 'both', why: 'changed' },
        { name: 's', why: 'in use now' },
        { name: 's', why: 'second' },
        { name: 'sf', why: 'skipped first' },
      ],
      failed: [
        { name: 'f', error: 'EACCES' },
        { name: 'f', error: 'second' },
        { name: 'sf', error: 'EIO' },
      ],
      freedBytes: 0,
      interrupted: false,
    });
    expect(outcomeOf(doc, 'a')).toEqual({ outcome: 'deleted' });
    expect(outcomeOf(doc, 'both')).toEqual({ outcome: 'deleted' });
    expect(outcomeOf(doc, 's')).toEqual({ outcome: 'skipped', detail: 'in use now' });
    expect(outcomeOf(doc, 'sf')).toEqual({ outcome: 'skipped', detail: 'skipped first' });
    expect(outcomeOf(doc, 'f')).toEqual({ outcome: 'failed', detail: 'EACCES' });
    expect(outcomeOf(doc, 'kept')).toBeUndefined();
    expect(outcomeOf(docWith(undefined), 'a')).toBeUndefined();
  });

  it('answers from the document it is given, not from another one it saw before', () => {
    const one = docWith({ deleted: ['x'], skipped: [], failed: [], freedBytes: 0, interrupted: false });
    const two = docWith({ deleted: [], skipped: [], failed: [{ name: 'x', error: 'EIO' }], freedBytes: 0, interrupted: false });
    expect(outcomeOf(one, 'x')).toEqual({ outcome: 'deleted' });
    expect(outcomeOf(two, 'x')).toEqual({ outcome: 'failed', detail: 'EIO' });
  });
});
