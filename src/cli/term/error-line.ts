import { escapeText } from '../../shared/escape.js';

/**
 * An error message as one line of stderr: yargs spreads some of its messages over several lines (joined with a
 * blank), and a value quoted from outside input may hold a carriage return, a tab, another control character or a
 * bidirectional override, shown in the escape form of stderr (escapeText: `\x0d`,
 * `\u{202E}`), so that it can neither break the line nor rewrite the terminal.
 */
export function oneLine(text: string): string {
  return escapeText(text.trim().replace(/\s*\n\s*/g, ' '));
}
