import { nova, novaClassOf, novaFamilyOf, NOVA_DOWNLOAD_CHECK, NOVA_ORIGINAL_MAX_AGE_MS, NOVA_RESIZED_CLASSES, NOVA_RESIZED_MAX_AGE_MS } from '../../../src/scan/layouts/nova.js';
import { resolveLayout } from '../../../src/scan/layouts/index.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('nova layout: classes', () => {
  it.each([
    [SHA, 'original', NOVA_ORIGINAL_MAX_AGE_MS],
    [`${SHA}_20`, 'resized', NOVA_RESIZED_MAX_AGE_MS],
    [`${SHA}_sm`, 'sm', NOVA_RESIZED_MAX_AGE_MS], // older releases' naming: Nova removes it with the resized age
    ['swap_512', 'swap', NOVA_ORIGINAL_MAX_AGE_MS],
    ['ephemeral_20_0706d66', 'ephemeral', NOVA_ORIGINAL_MAX_AGE_MS],
    ['ephemeral_1_default', 'ephemeral', NOVA_ORIGINAL_MAX_AGE_MS],
  ])('%s is %s with its own max-age', (name, cls, maxAge) => {
    const { writerCheck, ...rest } = nova.classify(name, 'file');
    expect(rest).toEqual({ class: cls, partial: false, defaultMaxAgeMs: maxAge });
    // Only originals are downloads, which Nova inspects right after writing them (NOVA_DOWNLOAD_CHECK).
    expect(writerCheck).toEqual(cls === 'original' ? NOVA_DOWNLOAD_CHECK : undefined);
  });

  it.each([`${SHA}.part`, `${SHA}.converted`, `${SHA}_20.part`])('%s is a partial download', (name) => {
    expect(nova.classify(name, 'file')).toEqual({ class: 'partial', partial: true });
  });

  it.each([
    'README',
    `${SHA}.info`,
    SHA.toUpperCase(),
    SHA.slice(1),
    `${SHA}_`,
    `${SHA}_x`,
    'swap_',
    'swap_1g',
    'ephemeral_20',
    'ephemeral_x_abc',
    'locks',
  ])('%s is unknown: kept and listed', (name) => {
    const c = nova.classify(name, 'file');
    expect(c.class).toBe('unknown');
    expect(c.unknownWhy).toBe('not a name Nova gives base images');
  });

  it('a directory or symlink with a Nova name is not an image: unknown', () => {
    expect(nova.classify(SHA, 'dir').unknownWhy).toBe('a directory where Nova keeps only files');
    expect(nova.classify(SHA, 'symlink').unknownWhy).toBe('symlink (never followed)');
    expect(novaClassOf('swap_1')).toBe('swap');
  });
});

describe('nova layout: image families', () => {
  it('<sha1>, <sha1>_<size> and <sha1>_sm are one family; other names are in none', () => {
    for (const n of [SHA, `${SHA}_20`, `${SHA}_sm`]) expect(novaFamilyOf(n)).toBe(SHA);
    for (const n of ['swap_512', 'ephemeral_20_0706d66', `${SHA}.part`, `${SHA}_x`, `${SHA}_sm.part`, SHA.slice(1)]) expect(novaFamilyOf(n)).toBeNull();
  });
  it('nova.conf\'s resized age applies to <sha1>_sm too, as Nova gives it', () => {
    expect(NOVA_RESIZED_CLASSES).toContain('sm');
  });
});

describe('nova layout: auto-detection', () => {
  it('a root named _base or _base_* whose names are mostly Nova\'s', () => {
    expect(resolveLayout('auto', '_base', [SHA, 'swap_1', 'README']).name).toBe('nova');
    expect(resolveLayout('auto', '_base_2023', [SHA, `${SHA}.info`]).name).toBe('nova');
  });
  it('not when the name differs, or when most names are not Nova\'s', () => {
    expect(resolveLayout('auto', 'images', [SHA, 'swap_1']).name).toBe('generic');
    expect(resolveLayout('auto', '_base', [SHA, 'a', 'b']).name).toBe('generic');
    expect(resolveLayout('auto', '_basement', [SHA]).name).toBe('generic');
    expect(resolveLayout('auto', '_base', []).name).toBe('generic');
  });
  it('--layout nova forces it', () => {
    expect(resolveLayout('nova', 'whatever', ['x']).name).toBe('nova');
  });
});
