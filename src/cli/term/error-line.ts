/**
 * An error message as one line of stderr: yargs spreads some of its messages over several lines (joined with a
 * blank), and a value quoted from outside input may hold a carriage return, a tab or another control character
 * (shown escaped, so that it can neither break the line nor rewrite the terminal).
 */
export function oneLine(text: string): string {
  return text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
}
