import type { ChalkInstance } from 'chalk';
import { describeSource, type Effective } from '../../config/effective.js';
import type { ServiceConfView } from '../../config/service-view.js';
import { renderRows, type Cell, type TextStyle } from '../../report/render.js';

function show(v: unknown): string {
  if (v === undefined) return '-';
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '(none)';
  return String(v);
}

/** nova.conf / glance-api.conf as `config --print` shows them: the files, each value used, where it came from. */
function serviceText(v: ServiceConfView, style: TextStyle, chalk: ChalkInstance): string {
  const head = `${v.service === 'nova' ? 'nova.conf' : 'glance-api.conf'} (later files win): ${v.files.join(', ')}`;
  const headers: Cell[] = [{ text: 'option' }, { text: 'value' }, { text: 'from' }, { text: 'cachesweep' }];
  const rows: Cell[][] = v.rows.map((r) => [
    { text: r.option },
    { text: r.value },
    { text: r.from, color: (c) => (r.from === 'default' ? c.dim : c.cyan) },
    { text: r.use },
  ]);
  const warnings = v.warnings.map((w) => `warning: ${w}`);
  return [head, renderRows(headers, rows, style, chalk), ...warnings].join('\n');
}

/** `config --print`: every option, its value, and where it came from; then nova.conf or glance-api.conf, when read. */
export function configText(eff: Effective, keys: readonly string[], style: TextStyle, chalk: ChalkInstance, services: readonly ServiceConfView[] = []): string {
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
      { text: s ? (s.from ?? [s.source]).map(describeSource).join(' + ') : 'not set', color: (c) => (s && s.source.kind !== 'default' && s.source.kind !== 'derived' ? c.cyan : c.dim) },
    ]);
  }
  const main = `${head.join('\n')}\n${renderRows(headers, rows, style, chalk)}`;
  return [main, ...services.map((v) => serviceText(v, style, chalk))].join('\n\n');
}

/** `config --print --json`. */
export function configToJson(eff: Effective, keys: readonly string[], services: readonly ServiceConfView[] = []) {
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
    ...Object.fromEntries(services.map((v) => [v.service === 'nova' ? 'novaConf' : 'glanceConf', { files: v.files, options: v.rows, warnings: v.warnings }])),
  };
}
