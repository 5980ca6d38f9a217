/**
 * Characters a name must not carry raw into what a person reads (the terminal table, Markdown, HTML): controls
 * (C0, DEL, C1) can move the cursor, retitle or clear a terminal (ESC sequences), ring it (BEL) or break a line;
 * bidirectional marks, embeddings, overrides and isolates make `evil\u202Egpj.exe` read as `evilexe.jpg`;
 * U+2028/U+2029 break lines in some viewers.
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name (or any text quoted from outside: an error, a detail) as it is shown to a person: controls as `\xHH`
 * (`\x1b` for ESC, `\x0a` for a line feed, `\x9b` for the C1 CSI), bidirectional and line-separator characters as
 * `\u{202E}` (upper-case hex). Everything else, other non-ASCII letters included, is left as it is. The one escape
 * form of every human-readable output (docs/reports.md); JSON and CSV keep the exact name.
 *
 * A backslash is not doubled, so escaping twice changes nothing (a message built from an escaped name may be
 * escaped again on its way out). The price: a name that literally holds the four characters `\x1b` looks the same
 * as one holding ESC; the JSON and CSV reports tell them apart.
 */
export function escapeName(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0x9f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`;
  });
}
