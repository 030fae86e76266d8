import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediumLabelFile } from '../../src/backup/destination.js';
import { runBackup } from '../../src/backup/executor.js';
import type { BackupDestination } from '../../src/backup/types.js';
import { makeConfig, makeTempDir } from './helpers.js';

/** Mounting a small tmpfs (root only) gives a real "disk" that fills up and can be unplugged. */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = `/tmp/cadang-mount-probe-${process.pid}`;
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
}

describe('storage media', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let source: string;
  beforeEach(async () => {
    tmp = await makeTempDir('media');
    source = join(tmp.dir, 'data');
    await mkdir(source);
    await writeFile(join(source, 'a.bin'), randomBytes(8 * 1024 * 1024));
  });
  afterEach(() => tmp.remove());

  function setup(mountPoint: string, capacityBytes = 1e9) {
    const config = makeConfig({
      internalFolder: join(tmp.dir, 'internal'),
      media: [{ label: 'HDD-EKSTERNAL-01', kind: 'external-disk', capacityBytes, mountPoint }],
      targets: [{ name: 'arsip', kind: 'files', include: [source], destinations: ['HDD-EKSTERNAL-01'] }],
    });
    const destination: BackupDestination = { kind: 'medium', medium: config.media[0]! };
    return { config, destination, target: config.targets[0]! };
  }

  it('reports medium-absent when the mount point has no label file, or another label', async () => {
    const mountPoint = join(tmp.dir, 'media', 'usb');
    await mkdir(mountPoint, { recursive: true });
    const { config, destination, target } = setup(mountPoint);
    expect(await runBackup(target, destination, { config })).toMatchObject({ status: 'medium-absent', mediumLabel: 'HDD-EKSTERNAL-01' });
    await writeFile(join(mountPoint, mediumLabelFile), 'FLASHDISK-LAIN\n');
    expect(await runBackup(target, destination, { config })).toMatchObject({ status: 'medium-absent' });
    expect(await readdir(mountPoint)).toEqual([mediumLabelFile]);
    await writeFile(join(mountPoint, mediumLabelFile), 'HDD-EKSTERNAL-01\n');
    const outcome = await runBackup(target, destination, { config });
    expect(outcome).toMatchObject({ status: 'succeeded', copy: { mediumLabel: 'HDD-EKSTERNAL-01' } });
    if (outcome.status === 'succeeded') expect(outcome.copy.path.startsWith(join(mountPoint, 'cadang', 'arsip'))).toBe(true);
  });

  describe.skipIf(!canMount())('on a real small file system (tmpfs)', () => {
    let mountPoint: string;
    beforeEach(async () => {
      mountPoint = join(tmp.dir, 'mnt');
      await mkdir(mountPoint);
    });
    afterEach(() => {
      try {
        execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
      } catch {
        // already unmounted by the test
      }
    });
    const mount = async (size: string) => {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]);
      await writeFile(join(mountPoint, mediumLabelFile), 'HDD-EKSTERNAL-01\n');
    };

    it('reports not-enough-room before writing anything', async () => {
      await mount('16m');
      const { config, destination, target } = setup(mountPoint);
      const outcome = await runBackup(target, destination, { config, locale: 'en' });
      expect(outcome).toMatchObject({ status: 'not-enough-room', mediumLabel: 'HDD-EKSTERNAL-01' });
      if (outcome.status === 'not-enough-room') expect(outcome.requiredBytes).toBeGreaterThan(outcome.availableBytes);
      expect(await readdir(join(mountPoint, 'cadang', 'arsip'))).toEqual([]);
    });

    it('ends with disk-full when the disk fills mid-write, removes the partial copy and keeps the earlier one', async () => {
      await mount('100m');
      const { config, destination, target } = setup(mountPoint);
      const first = await runBackup(target, destination, { config });
      expect(first.status).toBe('succeeded');
      let filled = false;
      const outcome = await runBackup(target, destination, {
        config,
        progressIntervalMs: 0,
        onProgress: (event) => {
          if (event.phase === 'compress' && !filled) {
            filled = true;
            // Someone else fills the disk while the copy is written.
            try {
              execFileSync('dd', ['if=/dev/zero', `of=${join(mountPoint, 'pengisi')}`, 'bs=1M', 'count=200'], { stdio: 'ignore' });
            } catch {
              // dd stops at "No space left on device"
            }
          }
        },
      });
      expect(outcome).toMatchObject({ status: 'failed', code: 'disk-full' });
      const names = await readdir(join(mountPoint, 'cadang', 'arsip'));
      expect(names.filter((name) => name.endsWith('.partial'))).toEqual([]);
      expect(names).toHaveLength(2);
      if (first.status === 'succeeded') expect(existsSync(first.copy.path)).toBe(true);
    });

    it('ends with medium-removed when the medium is unplugged mid-write, and leaves no complete-looking file', async () => {
      await mount('200m');
      const { config, destination, target } = setup(mountPoint);
      // A process living inside the medium keeps the unplugged file system reachable for inspection.
      const { spawn } = await import('node:child_process');
      const witness = spawn('sleep', ['60'], { cwd: mountPoint, stdio: 'ignore' });
      let unplugged = false;
      const outcome = await runBackup(target, destination, {
        config,
        progressIntervalMs: 0,
        onProgress: (event) => {
          if (event.phase === 'compress' && !unplugged) {
            unplugged = true;
            execFileSync('umount', ['-l', mountPoint]);
          }
        },
      });
      expect(outcome).toMatchObject({ status: 'failed', code: 'medium-removed', message: 'Media penyimpanan HDD-EKSTERNAL-01 terlepas saat penulisan. Salinan yang belum selesai tidak dipakai.' });
      // What the unplugged medium holds: nothing that looks like a complete copy.
      const left = await readdir(`/proc/${witness.pid}/cwd/cadang/arsip`);
      witness.kill();
      expect(left.filter((name) => !name.endsWith('.partial'))).toEqual([]);
    });
  });
});
