/**
 * skipHelpCache reaches into yargs (not public API): these fail when a yargs upgrade moves the hook, instead of the
 * 120 ms of help rendering per run coming back unseen. That help output is unchanged is __tests__/cli/help's job.
 */
import yargs from 'yargs';
import { skipHelpCache } from '../../../src/cli/args/help-cache.js';

interface Usage {
  hasCachedHelpMessage(): boolean;
}
const usageOf = (y: object): Usage => (y as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();

test('a command run without the hook caches its help (what the hook is there to stop)', async () => {
  const y = yargs(['go']).command('go', 'a command', {}, () => {}).exitProcess(false);
  await y.parseAsync();
  expect(usageOf(y).hasCachedHelpMessage()).toBe(true);
});

test('the installed yargs has the hook, and a command run with it renders no help', async () => {
  const y = yargs(['go']).command('go', 'a command', {}, () => {}).exitProcess(false);
  expect(skipHelpCache(y)).toBe(true);
  await y.parseAsync();
  expect(usageOf(y).hasCachedHelpMessage()).toBe(false);
});

test('something that is not yargs 18 is left alone and said so', () => {
  expect(skipHelpCache({})).toBe(false);
  expect(skipHelpCache({ getInternalMethods: () => ({}) })).toBe(false);
});
