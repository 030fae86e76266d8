import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, statfs, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/executor.js';
import type { BackupProgress } from '../../src/backup/types.js';
import { describeTree, makeConfig, makeTempDir } from './helpers.js';

describe('files kind (real tar and zstd)', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let source: string;
  beforeEach(async () => {
    tmp = await makeTempDir('files');
    source = join(tmp.dir, 'sumber');
    await mkdir(join(source, 'Surat Keputusan', 'kosong'), { recursive: true });
    await writeFile(join(source, 'Surat Keputusan', 'berita-acara-ñ-é.txt'), 'Berita acara serah terima — Pontianak, Senin 1 Januari 2024 ✓\n'.repeat(500));
    await writeFile(join(source, 'acak.bin'), randomBytes(3 * 1024 * 1024));
    await writeFile(join(source, 'sementara.tmp'), 'dibuang');
    await symlink('acak.bin', join(source, 'tautan'));
  });
  afterEach(() => tmp.remove());

  it('writes a verified copy with a manifest, honours excludes, and reports progress', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source], exclude: ['*.tmp'] }] });
    const events: BackupProgress[] = [];
    const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config, onProgress: (event) => events.push(event), progressIntervalMs: 0 });
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    const { copy } = outcome;
    expect(copy.path).toMatch(/arsip\/arsip-\d{8}T\d{6}Z\.tar\.zst$/);
    const manifest = JSON.parse(await readFile(copy.manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ target: 'arsip', kind: 'files', sizeBytes: copy.sizeBytes, sha256: copy.sha256, file: copy.path.split('/').pop() });
    expect(manifest.startedAt.wib).toMatch(/\+07:00$/);
    expect(manifest.command).toMatch(/^tar --create --file=- .* \| zstd -3 -T0 -q -c$/);
    expect(manifest.tools.map((tool: { version: string }) => tool.version).join(' ')).toMatch(/GNU tar.*Zstandard/);
    expect(manifest.details.verification.entries).toBeGreaterThan(3);
    expect(await readdir(join(internal, 'arsip'))).toHaveLength(2);
    expect(events.map((event) => event.phase)).toEqual(expect.arrayContaining(['estimate', 'compress', 'verify']));
    const last = events.filter((event) => event.phase === 'verify').at(-1)!;
    expect(last.bytesDone).toBe(copy.sizeBytes);
    expect(last.percent).toBe(100);

    // The archive holds the tree (without *.tmp) under its absolute path.
    const out = join(tmp.dir, 'out');
    await mkdir(out);
    const { execa } = await import('execa');
    await execa('tar', ['--extract', '--use-compress-program=zstd', `--file=${copy.path}`, `--directory=${out}`]);
    const restored = await describeTree(join(out, source.slice(1)));
    const original = await describeTree(source);
    delete original['sementara.tmp'];
    expect(restored).toEqual(original);
  });

  it('fails with source-missing, leaves nothing behind, and keeps an earlier copy', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const first = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(first.status).toBe('succeeded');
    await rm(source, { recursive: true });
    const second = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(second).toMatchObject({ status: 'failed', code: 'source-missing' });
    if (second.status === 'failed') expect(second.message).toContain('tidak ditemukan');
    const names = await readdir(join(internal, 'arsip'));
    expect(names).toHaveLength(2);
    if (first.status === 'succeeded') expect(existsSync(first.copy.path)).toBe(true);
  });

  it('starts at once when the file systems obviously fit, records the measured size, and still refuses a tree that does not fit', async () => {
    const internal = join(tmp.dir, 'backups');
    const config = makeConfig({ internalFolder: internal, targets: [{ name: 'arsip', kind: 'files', include: [source] }] });
    const fits = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(fits.status).toBe('succeeded');
    // du measured the tree beside the copy: the manifest still records it.
    if (fits.status === 'succeeded') expect(fits.copy.manifest.sourceBytes).toBeGreaterThan(3 * 1024 * 1024);

    // A sparse file claims far more bytes than its file system holds: the bound lets the copy
    // start, the measurement beside it finds no room, and nothing of the new copy is left.
    const available = (await statfs(internal)).bavail * (await statfs(internal)).bsize;
    await writeFile(join(source, 'jarang.img'), '');
    await truncate(join(source, 'jarang.img'), Number(available) * 2);
    const refused = await runBackup(config.targets[0]!, { kind: 'internal', folder: internal }, { config });
    expect(refused).toMatchObject({ status: 'not-enough-room' });
    if (refused.status === 'not-enough-room') expect(refused.requiredBytes).toBeGreaterThan(refused.availableBytes);
    expect(await readdir(join(internal, 'arsip'))).toEqual(fits.status === 'succeeded' ? [fits.copy.path.split('/').pop(), fits.copy.manifestPath.split('/').pop()].sort() : []);
  });
});
