/** A test cited in the docs: `- [label](../__tests__/file.test.ts): "name"; "other name"`. */
export interface Proof {
  file: string;
  name: string;
}

const LINK = /\]\((?:\.\.\/)?(__tests__\/[^)#]+\.ts)\)/g;
const NAME = /^\s*[:;,]\s*"([^"]+)"/;

/** Every link to a test file, with the names quoted after it on the same line (up to the next link). */
function citations(text: string): { line: number; file: string; names: string[] }[] {
  const out: { line: number; file: string; names: string[] }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(LINK)) {
      let rest = line.slice(m.index + m[0].length);
      const names: string[] = [];
      for (let n = NAME.exec(rest); n; n = NAME.exec(rest)) {
        names.push(n[1]!);
        rest = rest.slice(n[0].length);
      }
      out.push({ line: i + 1, file: m[1]!, names });
    }
  });
  return out;
}

export function proofsIn(text: string): Proof[] {
  return citations(text).flatMap((c) => c.names.map((name) => ({ file: c.file, name })));
}

/** Does the test file declare a test (or describe block) with this exact title? */
function declares(source: string, name: string): boolean {
  const single = name.replace(/'/g, "\\'");
  return source.includes(`'${single}'`) || source.includes(`"${name}"`) || source.includes(`\`${name}\``);
}

/** What is wrong with the citations: a file that does not exist, a name it does not declare, a link without a name. */
export function proofProblems(text: string, read: (rel: string) => string | null): string[] {
  const problems: string[] = [];
  for (const c of citations(text)) {
    const source = read(c.file);
    if (source === null) {
      problems.push(`line ${c.line}: ${c.file} does not exist`);
      continue;
    }
    if (c.names.length === 0) problems.push(`line ${c.line}: ${c.file} is cited without a test name`);
    for (const name of c.names) if (!declares(source, name)) problems.push(`line ${c.line}: ${c.file} has no test named "${name}"`);
  }
  return problems;
}
