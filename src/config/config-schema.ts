import { z } from 'zod';
import { choicesOf, kindOf, type FlagSpec, type FlagSpecs } from './flag-spec.js';

/** A value as a user would recognise it in an error message. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

const scalar = z.unknown().transform((v, ctx) => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a string or a number, not ${describeValue(v)}` });
  return z.NEVER;
});

const boolean = z.unknown().transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be true or false, not ${describeValue(v)}` });
  return z.NEVER;
});

const number = z.unknown().transform((v, ctx) => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a number, not ${describeValue(v)}` });
  return z.NEVER;
});

/** The schema of one flag's value in a config file: the flag's type and choices, nothing looser. */
export function valueSchema(spec: FlagSpec): z.ZodType<unknown, z.ZodTypeDef, unknown> {
  const choices = choicesOf(spec);
  const kind = kindOf(spec);
  const one: z.ZodType<unknown, z.ZodTypeDef, unknown> = kind === 'boolean' ? boolean : kind === 'number' ? number : scalar;
  const checked = choices
    ? one.superRefine((v: unknown, ctx: z.RefinementCtx) => {
        if (!choices.includes(v)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be one of ${choices.join(', ')}, not ${describeValue(v)}` });
        }
      })
    : one;
  if (kind !== 'list') return checked;
  // A list flag (repeatable on the command line) takes a list or a single value.
  return z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(checked));
}

const root = z.unknown().transform((v, ctx) => {
  if (typeof v === 'string' && v !== '') return v;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be the cache directory (a path), not ${describeValue(v)}` });
  return z.NEVER;
});

const mapping = (what: string) =>
  z.unknown().superRefine((v, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a mapping of ${what}, not ${describeValue(v)}`, fatal: true });
    }
  });

/** A command-line-only flag (flag-spec.ts FlagPolicy) written in a file: refused, whatever its value. */
const cliOnly = (key: string) =>
  z.unknown().superRefine((v, ctx) => {
    if (v === undefined) return;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `accepted on the command line only (--${key}): an override is given for one run, never kept in a file` });
  });

/** Top-level keys a config file has besides the flags. */
export const FILE_KEYS = ['root', 'profiles'] as const;

/**
 * The schema of a config file: a key per flag (file defaults), an optional `root` (the cache directory), and
 * `profiles`, each a mapping of the same keys. Unknown keys are errors.
 */
export function configSchema(specs: FlagSpecs) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [key, spec] of Object.entries(specs)) shape[key] = spec.cliOnly ? cliOnly(key) : valueSchema(spec).optional();
  shape.root = root.optional();
  const layer = z.object(shape).strict();
  const profiles = mapping('profile names to settings').pipe(z.record(z.string(), mapping('settings').pipe(layer)));
  return mapping('keys to values (like min-age: 10m)').pipe(layer.extend({ profiles: profiles.optional() }).strict());
}
