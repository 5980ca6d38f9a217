import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { configurableFlags } from '../../src/cli/args/config-keys.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { camelCase } from '../../src/config/flag-spec.js';
import { planOptionsFrom, type RawPlanFlags } from '../../src/config/options.js';
import { tempDir } from '../helpers/cache.js';

/** Systemd unit types the examples may hold. */
export const UNIT_EXTENSIONS = ['.service', '.timer', '.socket', '.path', '.mount'];

/** Problems of a YAML file (several documents allowed): syntax errors and warnings, each with its line. */
export function checkYaml(text: string): string[] {
  const problems: string[] = [];
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    for (const e of [...d.errors, ...d.warnings]) problems.push(`line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
    const v: unknown = d.toJS();
    if (v && typeof v === 'object' && !Array.isArray(v) && ('apiVersion' in v || 'kind' in v)) problems.push(...checkManifest(v as Record<string, unknown>));
  }
  if (list.length === 0 || list.every((d) => d.contents === null)) problems.push('empty');
  return problems;
}

/** A Kubernetes object: apiVersion, kind, metadata.name; a CronJob's schedule is a cron expression. */
function checkManifest(o: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const kind = o.kind;
  if (typeof o.apiVersion !== 'string') problems.push('manifest without apiVersion');
  if (typeof kind !== 'string') problems.push('manifest without kind');
  const name = (o.metadata as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') problems.push(`${String(kind)} without metadata.name`);
  if (kind === 'CronJob') {
    const schedule = (o.spec as { schedule?: unknown } | undefined)?.schedule;
    if (typeof schedule !== 'string' || cronTimeProblems(schedule.trim().split(/\s+/)).length > 0) problems.push(`CronJob schedule ${JSON.stringify(schedule)} is not a cron expression`);
  }
  return problems;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?|[a-z]{3}(-[a-z]{3})?)(\/\d+)?(,(\*|\d+(-\d+)?|[a-z]{3}(-[a-z]{3})?)(\/\d+)?)*$/i;
const CRON_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function cronTimeProblems(fields: string[]): string[] {
  if (fields.length !== 5) return [`${fields.length} time fields, not 5`];
  const problems: string[] = [];
  fields.forEach((f, i) => {
    if (!CRON_FIELD.test(f)) problems.push(`field ${i + 1} '${f}' is not a cron field`);
    for (const n of f.match(/\d+/g) ?? []) {
      if (/\/\d+/.test(f) && f.endsWith(`/${n}`)) continue; // a step
      const [lo, hi] = CRON_RANGES[i]!;
      if (Number(n) < lo || Number(n) > hi) problems.push(`field ${i + 1} '${f}': ${n} is outside ${lo}-${hi}`);
    }
  });
  return problems;
}

/** A crontab: comments, VAR=value lines, `@hourly cmd`, or five time fields and a command. */
export function checkCrontab(text: string): string[] {
  const problems: string[] = [];
  let jobs = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) return;
    const fields = line.split(/\s+/);
    if (fields[0]!.startsWith('@')) {
      if (!/^@(reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(fields[0]!)) problems.push(`line ${i + 1}: unknown ${fields[0]}`);
      if (fields.length < 2) problems.push(`line ${i + 1}: no command`);
    } else {
      problems.push(...cronTimeProblems(fields.slice(0, 5)).map((p) => `line ${i + 1}: ${p}`));
      if (fields.length < 6) problems.push(`line ${i + 1}: no command`);
    }
    jobs++;
  });
  if (jobs === 0) problems.push('no job');
  return problems;
}

const UNIT_SECTIONS: Record<string, string[]> = {
  '.service': ['Unit', 'Service', 'Install'],
  '.timer': ['Unit', 'Timer', 'Install'],
  '.socket': ['Unit', 'Socket', 'Install'],
  '.path': ['Unit', 'Path', 'Install'],
  '.mount': ['Unit', 'Mount', 'Install'],
};

/** A unit file as INI: known sections, `Key=value` lines, the section its type needs, ExecStart for a service. */
export function checkUnitIni(text: string, file: string): string[] {
  const ext = path.extname(file);
  const allowed = UNIT_SECTIONS[ext];
  if (!allowed) return [`not a unit type: ${ext}`];
  const problems: string[] = [];
  const keys = new Map<string, string[]>();
  let section: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      if (!allowed.includes(section) && !section.startsWith('X-')) problems.push(`line ${i + 1}: section [${section}] does not belong in a ${ext} unit`);
      keys.set(section, keys.get(section) ?? []);
      return;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)\s*=/.exec(line);
    if (!kv) problems.push(`line ${i + 1}: not Key=value: ${line}`);
    else if (!section) problems.push(`line ${i + 1}: ${kv[1]} before any section`);
    else keys.get(section)!.push(kv[1]!);
  });
  const main = allowed[1]!;
  if (!keys.has(main)) problems.push(`no [${main}] section`);
  if (ext === '.service' && !keys.get('Service')?.includes('ExecStart')) problems.push('no ExecStart');
  if (ext === '.timer' && !keys.get('Timer')?.some((k) => /^On[A-Z]/.test(k))) problems.push('no On...= trigger in [Timer]');
  return problems;
}

export function hasSystemdAnalyze(): boolean {
  return spawnSync('sh', ['-c', 'command -v systemd-analyze'], { stdio: 'ignore' }).status === 0;
}

/**
 * `systemd-analyze verify` on units, in a scratch root (--root) holding systemd's own units, the units, and a
 * stand-in for every program their Exec*= lines run (cachesweep is not installed where the example says).
 * Returns the problems about these units: a non-zero exit, and every line that names one of them.
 */
export function verifyUnits(files: string[]): string[] {
  const root = tempDir('cachesweep-units-');
  try {
    const sys = '/usr/lib/systemd/system';
    if (fs.existsSync(sys)) fs.cpSync(sys, path.join(root, sys), { recursive: true, dereference: false, verbatimSymlinks: true });
    const etc = path.join(root, 'etc/systemd/system');
    fs.mkdirSync(etc, { recursive: true });
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      fs.writeFileSync(path.join(etc, path.basename(f)), text);
      for (const m of text.matchAll(/^\s*Exec[A-Za-z]*\s*=\s*[-@:+!]*(\/\S+)/gm)) {
        const exe = path.join(root, m[1]!);
        fs.mkdirSync(path.dirname(exe), { recursive: true });
        if (!fs.existsSync(exe)) fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
      }
    }
    const names = files.map((f) => path.basename(f));
    const r = spawnSync('systemd-analyze', ['verify', `--root=${root}`, ...names.map((n) => `/etc/systemd/system/${n}`)], { encoding: 'utf8' });
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
    const ours = lines.filter((l) => names.some((n) => l.includes(n)));
    const problems = ours.map((l) => l.replace(root, ''));
    if (r.status !== 0 && problems.length === 0) problems.push(`systemd-analyze verify exited ${r.status}: ${lines.join(' | ')}`);
    return problems;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * A cachesweep config example (`config.yaml`, `config.json`): the real loader must accept it, and the planning
 * options of its defaults and of each profile must be valid as a run would check them.
 */
export function checkCachesweepConfig(text: string, file: string): string[] {
  try {
    const f = parseConfigText(text, file, configurableFlags());
    const layers = [{ name: 'defaults', values: {} as Record<string, unknown> }, ...Object.entries(f.profiles).map(([name, p]) => ({ name, values: p.values }))];
    const problems: string[] = [];
    for (const l of layers) {
      const merged: Record<string, unknown> = {};
      for (const [k, v] of Object.entries({ ...f.defaults.values, ...l.values })) merged[camelCase(k)] = v;
      try {
        planOptionsFrom(merged as RawPlanFlags);
      } catch (err) {
        problems.push(`${l.name}: ${(err as Error).message}`);
      }
    }
    return problems;
  } catch (err) {
    return [(err as Error).message];
  }
}

/** Shell scripts: `sh -n` (syntax only). */
export function checkShell(file: string): string[] {
  const r = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
  return r.status === 0 ? [] : [r.stderr.trim()];
}

/** How each example file is checked, by its name; undefined when there is no checker for it. */
export function checkerFor(file: string): ((text: string) => string[]) | undefined {
  const base = path.basename(file);
  const ext = path.extname(base).toLowerCase();
  if (/^config\.(ya?ml|json)$/i.test(base)) return (t) => [...(ext === '.json' ? checkJson(t) : checkYaml(t)), ...checkCachesweepConfig(t, file)];
  if (ext === '.yaml' || ext === '.yml') return checkYaml;
  if (ext === '.json') return checkJson;
  if (base === 'crontab' || ext === '.cron' || ext === '.crontab') return checkCrontab;
  if (UNIT_EXTENSIONS.includes(ext)) return (t) => checkUnitIni(t, file);
  if (ext === '.sh') return () => checkShell(file);
  return undefined;
}

function checkJson(text: string): string[] {
  try {
    JSON.parse(text);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
