import { editDistance, matchName, nearestName } from '../../src/shared/nearest.js';

const COMMANDS = ['clean', 'plan', 'status', 'touch', 'pin', 'unpin', 'history', 'config', 'report', 'simulate', 'completion'];

describe('editDistance', () => {
  it.each([
    ['plan', 'plan', 0],
    ['pln', 'plan', 1],
    ['plna', 'plan', 1],
    ['claen', 'clean', 1],
    ['cache', 'clean', 4],
    ['', 'abc', 3],
  ])('%p to %p is %p', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('nearestName', () => {
  it.each([
    ['pln', 'plan'],
    ['plna', 'plan'],
    ['claen', 'clean'],
    ['stauts', 'status'],
    ['simualte', 'simulate'],
    ['PLN', 'plan'],
  ])('%p is close to %p', (typo, meant) => {
    expect(nearestName(typo, COMMANDS)).toBe(meant);
  });

  it.each(['cache', '_base', 'images', 'x', 'var'])('%p is close to no command', (word) => {
    expect(nearestName(word, COMMANDS)).toBeUndefined();
  });
});

describe('matchName', () => {
  it('forgives case only when one name folds to it', () => {
    expect(matchName('LRU', ['lru', 'age'])).toBe('lru');
    expect(matchName('lru', ['lru'])).toBe('lru');
    expect(matchName('A', ['a', 'A'])).toBe('A');
    expect(matchName('x', ['a', 'b'])).toBeUndefined();
    expect(matchName('AB', ['ab', 'Ab'])).toBeUndefined();
  });
});
