import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cadang-doctor-'));

/** A TCP port on 127.0.0.1 that nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function writeConfig(name: string, backup: string): string {
  const file = join(dir, name);
  writeFileSync(file, `organisation: { id: dokter, name: Uji Doctor }\ndatabase: { url: "file:${join(dir, `${name}.db`)}" }\n${backup}`);
  return file;
}

async function doctor(config: string, locale: 'id' | 'en', ...args: string[]): Promise<{ code: number; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CADANG_CONFIG: config, CADANG_LOCALE: locale };
  delete env.DATABASE_URL;
  try {
    const { stdout } = await run(process.execPath, ['bin/cadang.js', 'doctor', ...args], { env });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout + failed.stderr };
  }
}

let broken: string;
let healthy: string;

beforeAll(async () => {
  const source = join(dir, 'arsip');
  mkdirSync(source);
  writeFileSync(join(source, 'surat.txt'), 'isi\n');
  const port = await closedPort();
  broken = writeConfig('broken.yaml', [
    'backup:',
    '  targets:',
    `    - { name: simpeg-db, kind: postgres, connection: { host: 127.0.0.1, port: ${port}, user: postgres, database: postgres } }`,
    `    - { name: arsip, kind: files, include: [${source}], destinations: [internal, FLASHDISK-01] }`,
    '  media:',
    `    - { label: FLASHDISK-01, kind: flash-disk, capacityBytes: 32000000000, mountPoint: ${join(dir, 'usb')} }`,
    '',
  ].join('\n'));
  healthy = writeConfig('healthy.yaml', [
    'backup:',
    '  targets:',
    `    - { name: arsip, kind: files, include: [${source}] }`,
    '  media:',
    // Registered but no target writes to it: its absence is shown, not counted as a problem.
    `    - { label: CADANGAN-02, kind: external-disk, capacityBytes: 1000000000000, mountPoint: ${join(dir, 'hdd')} }`,
    '',
  ].join('\n'));
}, 60_000);

describe('cadang doctor', () => {
  it('exits 1 when a target is unreachable and a medium a target writes to is absent, and says why', async () => {
    const { code, stdout } = await doctor(broken, 'id');
    expect(code).toBe(1);
    expect(stdout).toMatch(/TIDAK TERJANGKAU simpeg-db: Server sumber data simpeg-db tidak dapat dihubungi/);
    expect(stdout).toContain('  terjangkau  arsip');
    expect(stdout).toContain('  media FLASHDISK-01: tidak terpasang\n');
    expect(stdout).toContain('2 masalah ditemukan.');
  }, 60_000);

  it('says the same in English', async () => {
    const { code, stdout } = await doctor(broken, 'en');
    expect(code).toBe(1);
    expect(stdout).toMatch(/UNREACHABLE simpeg-db: The server holding simpeg-db cannot be reached/);
    expect(stdout).toContain('  medium FLASHDISK-01: not mounted\n');
    expect(stdout).toContain('2 problems found.');
    expect(stdout).not.toMatch(/tidak|terjangkau|masalah/);
  }, 60_000);

  it('--json gives monitoring the same verdict with stable keys', async () => {
    const { code, stdout } = await doctor(broken, 'en', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ healthy: false, exitCode: 1, checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(report.targets).toEqual([
      { target: 'simpeg-db', reachable: false, problem: expect.stringContaining('cannot be reached') },
      { target: 'arsip', reachable: true },
    ]);
    expect(report.media).toEqual([expect.objectContaining({ label: 'FLASHDISK-01', mounted: false, neededBy: ['arsip'], ok: false })]);
    expect(report.tools.find((tool: { tool: string }) => tool.tool === 'pgDump')).toMatchObject({ neededBy: ['simpeg-db'], ok: true, version: expect.any(String) });
  }, 60_000);

  it('exits 0 when everything a target needs is there; an unused absent medium is only shown', async () => {
    const { code, stdout } = await doctor(healthy, 'id');
    expect(code).toBe(0);
    expect(stdout).toContain('  media CADANGAN-02: tidak terpasang (tidak diperlukan target mana pun)');
    expect(stdout).toContain('Semua yang diperlukan target tersedia.');
    const json = await doctor(healthy, 'id', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: true, exitCode: 0 });
  }, 60_000);
});
