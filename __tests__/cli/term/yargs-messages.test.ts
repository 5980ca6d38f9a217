import { rewordYargsMessage } from '../../../src/cli/term/yargs-messages.js';

describe("yargs' messages in an operator's words", () => {
  test('a flag without its value names the flag', () => {
    expect(rewordYargsMessage('Not enough arguments following: min-age')).toBe('--min-age: missing its value (see --help)');
  });

  test('unknown flags once each (yargs lists the camel-cased twin too); a word from the command line is quoted', () => {
    expect(rewordYargsMessage('Unknown arguments: max-dlete, maxDlete', ['plan', 'x', '--max-dlete', '5'])).toBe('unknown argument --max-dlete (see --help)');
    expect(rewordYargsMessage('Unknown argument: /some/cache', ['pln', '/some/cache'])).toBe("unknown argument '/some/cache' (see --help)");
    expect(rewordYargsMessage('Unknown arguments: x, y', [])).toBe('unknown arguments -x, -y (see --help)');
  });

  test('a missing cache directory says how to give one; anything else is left as yargs said it', () => {
    expect(rewordYargsMessage('Not enough non-option arguments: got 0, need at least 1')).toMatch(/^missing the cache directory \(e\.g\. cachesweep plan /);
    expect(rewordYargsMessage('Invalid values: something')).toBe('Invalid values: something');
  });
});
