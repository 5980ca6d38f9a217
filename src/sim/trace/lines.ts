import fs from 'node:fs';

/**
 * Call `onLine` for every line of a text file, in order, with its 1-based number, reading it in 1 MiB chunks
 * (never the whole file). Handles \n and \r\n, and a last line without a newline. An exception thrown by
 * `onLine` stops the read and rejects.
 */
export async function forEachLine(file: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl === -1) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end), ++lineNo);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    if (rest.length > 0) onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo);
  } finally {
    stream.destroy();
  }
}
