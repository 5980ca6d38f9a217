import { rewordYargsMessage } from '../../../src/cli/term/yargs-messages.js';
import { runCliSync } from '../../helpers/run.js';

/** The built CLI with no state directory given (help, completion and refused lines write none). */
const runBin = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { stateDir: false, env });

describe("yargs' messages in an operator's words", () => {
  test('a flag without its value names the flag', () => {
    expect(rewordYargsMessage('Not enough arguments following: min-age')).toBe('--min-age: missing its value (see --help)');
  });

  test('unknown flags once each (yargs lists the camel-cased twin too); a word from the command line is quoted', () => {
    expect(rewordYargsMessage('Unknown arguments: max-dlete, maxDlete', ['plan', 'x', '--max-dlete', '5'])).toBe('unknown argument --max-dlete (see --help)');
    expect(rewordYargsMessage('Unknown argument: /some/cache', ['pln', '/some/cache'])).toBe("unknown argument '/some/cache' (see --help)");
    expect(rewordYargsMessage('Unknown arguments: x, y', [])).toBe('unknown arguments -x, -y (see --help)');
    expect(rewordYargsMessage('Unknown command: frob', ['frob'])).toBe("unknown command 'frob' (see --help)");
    expect(rewordYargsMessage('Unknown argument: such', ['plan', '/c', '--no-such'])).toBe('unknown argument --no-such (see --help)');
  });

  test('a missing cache directory says how to give one; missing entry names say so', () => {
    expect(rewordYargsMessage('Not enough non-option arguments: got 0, need at least 1')).toMatch(/^missing the cache directory \(e\.g\. cachesweep plan /);
    expect(rewordYargsMessage('Not enough non-option arguments: got 1, need at least 2', ['pin', '/c'])).toMatch(/^missing the entry names after the cache directory/);
  });

  test('every other message of yargs validation: one line in the house style, no yargs wording', () => {
    const cases: [string, string[], string][] = [
      ['Invalid values:\n  Argument: shell, Given: "powershell", Choices: "bash", "zsh", "fish"', ['completion', 'powershell'], "completion: unknown shell 'powershell' (choose bash, zsh, fish)"],
      ['Invalid values:\n  Argument: format, Given: "yml", Choices: "auto", "table", "plain", "json"', ['plan', '--format', 'yml'], "--format: unknown value 'yml' (choose auto, table, plain, json)"],
      ['Invalid values:\n  Argument: shell, Given: "bsh", Choices: "bash", "zsh", "fish"', ['completion', 'bsh'], "completion: unknown shell 'bsh': did you mean 'bash'? (choose bash, zsh, fish)"],
      ['Too many non-option arguments: got 3, maximum of 1', [], 'too many arguments: at most 1 besides the flags (see --help)'],
      ['Missing required argument: trace', [], 'missing trace (see --help)'],
      ['Arguments json and format are mutually exclusive', [], '--json and --format cannot be given together'],
      ['Implications failed:\n  target -> threshold', [], '--target needs --threshold'],
      ['Did you mean plan?', [], "unknown command: did you mean 'plan'? (see --help)"],
    ];
    for (const [msg, argv, want] of cases) expect(rewordYargsMessage(msg, argv)).toBe(want);
  });

  test('through the binary: an unknown shell, a choice value, missing entry names', () => {
    expect(runBin(['completion', 'powershell'])).toMatchObject({ code: 2, stderr: "cachesweep: completion: unknown shell 'powershell' (choose bash, zsh, fish)\n" });
    expect(runBin(['plan', '/tmp', '--format', 'yaml'])).toMatchObject({ code: 2, stderr: "cachesweep: --format: unknown value 'yaml' (choose auto, table, plain, json)\n" });
    expect(runBin(['pin', '/tmp'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cachesweep: missing the entry names after the cache directory .*\n$/) });
  });
});
