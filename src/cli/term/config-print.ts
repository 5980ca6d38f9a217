import type { ChalkInstance } from 'chalk';
import { describeSource, type Effective } from '../../config/effective.js';
import { renderRows, type Cell, type TextStyle } from '../../report/render.js';

function show(v: unknown): string {
  if (v === undefined) return '-';
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '(none)';
  return String(v);
}

/** `config --print`: every option, its value, and where it came from. */
export function configText(eff: Effective, keys: readonly string[], style: TextStyle, chalk: ChalkInstance): string {
  const head = [
    `config file: ${eff.file ?? '(none)'}${eff.profile ? `, profile ${eff.profile}` : ''}${eff.profiles.length ? ` (profiles: ${eff.profiles.join(', ')})` : ''}`,
  ];
  const headers: Cell[] = [{ text: 'option' }, { text: 'value' }, { text: 'from' }];
  const rows: Cell[][] = [];
  rows.push([
    { text: 'cache-dir' },
    { text: eff.root?.value ?? '-' },
    { text: eff.root ? describeSource(eff.root.source) : 'not set', color: (c) => c.dim },
  ]);
  for (const k of keys) {
    const s = eff.settings[k];
    rows.push([
      { text: k },
      { text: show(s?.value) },
      { text: s ? (s.from ?? [s.source]).map(describeSource).join(' + ') : 'not set', color: (c) => (s && s.source.kind !== 'default' ? c.cyan : c.dim) },
    ]);
  }
  return `${head.join('\n')}\n${renderRows(headers, rows, style, chalk)}`;
}

/** `config --print --json`. */
export function configToJson(eff: Effective, keys: readonly string[]) {
  const options: Record<string, { value: unknown; from: string; sources: unknown[] }> = {};
  for (const k of keys) {
    const s = eff.settings[k];
    options[k] = s
      ? { value: s.value, from: (s.from ?? [s.source]).map(describeSource).join(' + '), sources: s.from ?? [s.source] }
      : { value: null, from: 'not set', sources: [] };
  }
  return {
    schema: 1,
    command: 'config',
    file: eff.file,
    profile: eff.profile,
    profiles: eff.profiles,
    root: eff.root ? { value: eff.root.value, from: describeSource(eff.root.source), source: eff.root.source } : null,
    options,
  };
}
