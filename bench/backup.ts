/**
 * Backup executor benchmark: `npm run bench:backup -- SIZE [--kind files|postgres|all] [--runs N]`
 * (SIZE such as 200M or 2G). On the same generated data, in one run, it measures
 *
 *   files:    Cadang's files kind   vs  `tar -cf - DIR | zstd -T0 -3 > OUT`
 *   postgres: Cadang's postgres kind vs `pg_dump -Fc -Z0 DB | zstd -T0 -3 > OUT`
 *
 * and prints wall-time ratios (Cadang's write phase against the plain pipeline made durable with
 * `sync OUT`, the target being at most 1.10x), the cost of verification on its own (the copy's
 * cached pages are dropped first, so it reads the device), write + verification, and peak memory
 * (Cadang's Node process and the largest process of each side). Each measurement runs in a fresh
 * process so peak RSS is its own; runs alternate and the median is reported. CI does not run it.
 *
 * Data: a tree of mixed files (text from a word list, random binary, many small and some large
 * files) and a PostgreSQL database of the same size (text and bytea rows). PostgreSQL is
 * reached at CADANG_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { backupConfigSchema } from '../src/backup/config.js';
import { runBackup } from '../src/backup/executor.js';
import { rootLogger } from '../src/log/logger.js';

const benchFile = fileURLToPath(import.meta.url);
const adminUrl = process.env.CADANG_BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(text);
  if (!match) throw new Error(`size like 200M or 2G expected, got ${text}`);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Math.round(Number(match[1]) * unit);
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------------
// Data generation (deterministic per size, reused across runs when already present)

const words = 'data backup server arsip berita acara kepala petugas media penyimpanan salinan jadwal daftar informasi pusat teknologi pangkalan institut agama islam negeri pontianak badan tenaga nuklir nasional permohonan disposisi persetujuan laporan pemeriksaan ceklis surat nomor tanggal tahun bulan hari senin selasa rabu kamis jumat sabtu minggu pegawai nip satker administrator database aplikasi folder berkas dokumen keputusan rektor direktur bagian umum keuangan kepegawaian'.split(' ');

/** Fast deterministic pseudo-random numbers (xorshift32). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function textBlock(bytes: number, random: () => number): Buffer {
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const line = Array.from({ length: 6 + Math.floor(random() * 10) }, () => words[Math.floor(random() * words.length)]).join(' ') + ` ${Math.floor(random() * 1e6)}\n`;
    parts.push(line);
    length += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

/** A tree of about `size` bytes: half text files, half random binary; many small files and a few large. */
async function generateTree(dir: string, size: number): Promise<void> {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  await rm(dir, { recursive: true, force: true });
  const random = createRandom(size % 2147483647);
  let written = 0;
  let index = 0;
  while (written < size) {
    const folder = join(dir, `unit-${String(Math.floor(index / 200)).padStart(4, '0')}`);
    if (index % 200 === 0) await mkdir(folder, { recursive: true });
    // Sizes: 70 % small (4–64 KiB), 25 % medium (64 KiB–1 MiB), 5 % large (1–16 MiB).
    const roll = random();
    const fileSize = Math.min(size - written, roll < 0.7 ? 4096 + Math.floor(random() * 61440) : roll < 0.95 ? 65536 + Math.floor(random() * 983040) : 1048576 + Math.floor(random() * 15728640));
    const isText = random() < 0.5;
    const content = isText ? textBlock(fileSize, random) : randomBytes(fileSize);
    await writeFile(join(folder, `${isText ? 'dokumen' : 'lampiran'}-${index}.${isText ? 'txt' : 'bin'}`), content);
    written += fileSize;
    index += 1;
  }
  await writeFile(marker, `${size}\n`);
}

/** A database of about `size` bytes (pg_database_size): text and bytea columns, filled server-side. */
async function generateDatabase(name: string, size: number): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT pg_database_size($1) AS size FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 1 && Number(exists.rows[0].size) >= size * 0.9) return;
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('CREATE TABLE surat (id bigserial PRIMARY KEY, nomor text, perihal text, isi text, dibuat timestamptz)');
    await client.query('CREATE TABLE lampiran (id bigserial PRIMARY KEY, surat_id bigint, nama text, berkas bytea)');
    // Each batch adds about 64 MiB; text rows compress, bytea rows (md5 chains) barely do.
    for (;;) {
      const current = Number((await client.query('SELECT pg_database_size(current_database()) AS size')).rows[0].size);
      if (current >= size) break;
      await client.query(`INSERT INTO surat (nomor, perihal, isi, dibuat)
        SELECT 'B-' || g || '/In.15/2024', 'Perihal backup data ' || (g % 97), repeat('berita acara pelaksanaan backup data dan informasi ' || md5(g::text) || ' ', 8), now() - (g || ' minutes')::interval
        FROM generate_series(1, 60000) g`);
      await client.query(`INSERT INTO lampiran (surat_id, nama, berkas)
        SELECT g, 'lampiran-' || g || '.pdf', decode(string_agg(md5(g::text || '-' || k || random()::text), ''), 'hex')
        FROM generate_series(1, 8000) g, generate_series(1, 256) k GROUP BY g`);
    }
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// One measurement in a fresh process

interface Measurement {
  seconds: number;
  /** Seconds until the copy was written and fsynced (before verification); Cadang only. */
  writeSeconds?: number;
  /** CPU seconds of Node and its finished tools during the write phase (/proc/self/stat); Cadang only. */
  writeCpuSeconds?: number;
  /** Peak RSS of the Node process (Cadang) in KiB. */
  nodeMaxRssKiB?: number;
  /** Peak RSS of the largest process of the measured process tree, in KiB (GNU time %M). */
  largestMaxRssKiB: number;
  /** User + system CPU seconds of the whole process tree (robust against other load on the machine). */
  cpuSeconds: number;
  bytes: number;
}

/**
 * CPU seconds of this process plus its children that have ended (utime, stime, cutime, cstime of
 * /proc/self/stat). Less disturbed by other load on the machine than wall time.
 */
function processTreeCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) … cstime (17) are indexes 11–14.
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) / 100;
}

/** Child mode: runs one Cadang backup and prints a Measurement as JSON on the last line. */
async function runOurs(kind: 'files' | 'postgres', source: string, out: string): Promise<void> {
  const target =
    kind === 'files'
      ? { name: 'bench-files', kind: 'files', include: [source] }
      : (() => {
          const url = new URL(adminUrl);
          return { name: 'bench-pg', kind: 'postgres', connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username || 'postgres'), database: source } };
        })();
  const config = backupConfigSchema.parse({ internalFolder: out, targets: [target], timeouts: { stallSeconds: 600, maxSeconds: 86400 } });
  // The process's logger is built at start in the CLI and the service, not by a backup job: build
  // it before the clock starts (like Node's own start, it is not part of the write phase).
  rootLogger();
  const started = process.hrtime.bigint();
  const cpuAtStart = processTreeCpuSeconds();
  let verifyStarted: bigint | undefined;
  let writeCpuSeconds: number | undefined;
  const outcome = await runBackup(config.targets[0]!, { kind: 'internal', folder: out }, {
    config,
    onProgress: (event) => {
      if (event.phase === 'verify' && verifyStarted === undefined) {
        verifyStarted = process.hrtime.bigint();
        writeCpuSeconds = processTreeCpuSeconds() - cpuAtStart;
      }
    },
  });
  const ended = process.hrtime.bigint();
  if (outcome.status !== 'succeeded') throw new Error(JSON.stringify(outcome));
  const measurement: Omit<Measurement, 'largestMaxRssKiB' | 'cpuSeconds'> = {
    seconds: Number(ended - started) / 1e9,
    writeSeconds: verifyStarted === undefined ? undefined : Number(verifyStarted - started) / 1e9,
    writeCpuSeconds,
    nodeMaxRssKiB: process.resourceUsage().maxRSS,
    bytes: outcome.copy.sizeBytes,
  };
  console.log(JSON.stringify(measurement));
}

/** Runs a command under GNU time; returns its wall time, peak RSS and last output line. */
function timed(command: string, args: readonly string[]): { seconds: number; maxRssKiB: number; cpuSeconds: number; lastLine: string } {
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const match = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  if (!match) throw new Error(`no timing in ${result.stderr}`);
  return { seconds: Number(match[1]), maxRssKiB: Number(match[2]), cpuSeconds: Number(match[3]) + Number(match[4]), lastLine: result.stdout.trim().split('\n').pop() ?? '' };
}

async function measureOurs(kind: 'files' | 'postgres', source: string, work: string): Promise<Measurement> {
  const out = join(work, `ours-${kind}`);
  // Each run starts with an empty internal folder except the tool versions it learned before
  // (.tool-versions.json), as every backup after an installation's first one does.
  const clear = async () => {
    for (const entry of await readdir(out).catch(() => [] as string[])) if (entry !== '.tool-versions.json') await rm(join(out, entry), { recursive: true, force: true });
  };
  await clear();
  const run = timed(process.execPath, ['--import', 'tsx', benchFile, '--child', kind, source, out]);
  const inner = JSON.parse(run.lastLine) as Measurement;
  await clear();
  return { ...inner, largestMaxRssKiB: run.maxRssKiB, cpuSeconds: run.cpuSeconds - nodeStartupCpuSeconds };
}

async function measurePlain(kind: 'files' | 'postgres', source: string, work: string, durable = false): Promise<Measurement> {
  const out = join(work, `plain-${kind}.zst`);
  const url = new URL(adminUrl);
  const pipelineScript =
    kind === 'files'
      ? `tar -cf - -C / "$1" | zstd -T0 -3 -q > "$2"`
      : `pg_dump -Fc -Z0 --host=${url.hostname} --port=${url.port || 5432} --username=${decodeURIComponent(url.username || 'postgres')} --dbname="$1" | zstd -T0 -3 -q > "$2"`;
  // The durable variant also fsyncs the output (coreutils `sync FILE`), as Cadang does.
  const script = durable ? `${pipelineScript} && sync "$2"` : pipelineScript;
  const run = timed('sh', ['-c', script, 'sh', kind === 'files' ? source.replace(/^\//, '') : source, out]);
  const bytes = (await stat(out)).size;
  await rm(out, { force: true });
  return { seconds: run.seconds, largestMaxRssKiB: run.maxRssKiB, cpuSeconds: run.cpuSeconds, bytes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const min = (values: number[]) => Math.min(...values);

/** CPU seconds a child Node process with tsx spends starting and loading the executor (subtracted). */
let nodeStartupCpuSeconds = 0;

function measureNodeStartup(): void {
  const samples = [0, 1, 2].map(() => timed(process.execPath, ['--import', 'tsx', benchFile, '--child-startup']).cpuSeconds);
  nodeStartupCpuSeconds = min(samples);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child-startup') {
    console.log('{}');
    return;
  }
  if (args[0] === '--child') {
    await runOurs(args[1] as 'files' | 'postgres', args[2]!, args[3]!);
    return;
  }
  const sizeText = args.find((arg) => !arg.startsWith('--') && !/^(files|postgres|all|\d+)$/.test(arg)) ?? '200M';
  const size = parseSize(sizeText);
  const kindArg = args[args.indexOf('--kind') + 1];
  const kinds: ('files' | 'postgres')[] = args.includes('--kind') && kindArg !== 'all' ? [kindArg as 'files' | 'postgres'] : ['files', 'postgres'];
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
  const work = process.env.CADANG_BENCH_DIR ?? join(tmpdir(), 'cadang-bench');
  await mkdir(work, { recursive: true });
  const cpu = (await readFile('/proc/cpuinfo', 'utf8')).split('\n').find((line) => line.startsWith('model name'))?.split(':')[1]?.trim();
  console.log(`cadang backup bench: ${sizeText} (${mib(size)}), ${runs} runs each, alternating; ${cpu ?? 'cpu?'} × ${execFileSync('nproc').toString().trim()}`);

  measureNodeStartup();
  console.log(`(CPU of starting Node with tsx and loading the executor, ${nodeStartupCpuSeconds.toFixed(2)} s, is subtracted from Cadang's CPU time; wall times are measured inside the process)`);
  for (const kind of kinds) {
    const started = Date.now();
    const source = kind === 'files' ? join(work, `tree-${sizeText}`) : `cadang_bench_${sizeText.toLowerCase()}`;
    if (kind === 'files') await generateTree(source, size);
    else await generateDatabase(source, size);
    console.log(`\n${kind}: data ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    // One warm-up of each so both read from a warm page cache.
    await measurePlain(kind, source, work);
    await measureOurs(kind, source, work);
    const plain: Measurement[] = [];
    const durable: Measurement[] = [];
    const ours: Measurement[] = [];
    for (let i = 0; i < runs; i += 1) {
      plain.push(await measurePlain(kind, source, work));
      durable.push(await measurePlain(kind, source, work, true));
      ours.push(await measureOurs(kind, source, work));
    }
    const plainWall = median(plain.map((m) => m.seconds));
    const plainBest = min(plain.map((m) => m.seconds));
    const oursWrite = median(ours.map((m) => m.writeSeconds ?? m.seconds));
    const oursWriteBest = min(ours.map((m) => m.writeSeconds ?? m.seconds));
    const oursTotal = median(ours.map((m) => m.seconds));
    const oursTotalBest = min(ours.map((m) => m.seconds));
    const plainCpu = min(plain.map((m) => m.cpuSeconds));
    const oursCpu = min(ours.map((m) => m.cpuSeconds));
    const baseline = kind === 'files' ? 'tar -cf - DIR | zstd -T0 -3 > OUT' : 'pg_dump -Fc -Z0 DB | zstd -T0 -3 > OUT';
    const fmt = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
    console.log(`  plain  ${baseline}`);
    console.log(`    wall median ${plainWall.toFixed(2)} s, best ${plainBest.toFixed(2)} s (runs ${fmt(plain.map((m) => m.seconds))}); CPU ${plainCpu.toFixed(2)} s; output ${mib(plain[0]!.bytes)}; largest process ${mib(median(plain.map((m) => m.largestMaxRssKiB)) * 1024)}`);
    const durableWall = median(durable.map((m) => m.seconds));
    console.log(`  plain + sync OUT (durable like Cadang's copy): wall median ${durableWall.toFixed(2)} s, best ${min(durable.map((m) => m.seconds)).toFixed(2)} s (runs ${fmt(durable.map((m) => m.seconds))})`);
    console.log(`  cadang ${kind} kind, write (stream, sha256, fsync) until verification starts`);
    console.log(`    wall median ${oursWrite.toFixed(2)} s, best ${oursWriteBest.toFixed(2)} s (runs ${fmt(ours.map((m) => m.writeSeconds ?? m.seconds))})  ratio median ${(oursWrite / plainWall).toFixed(3)}x, best ${(oursWriteBest / plainBest).toFixed(3)}x; against plain + sync ${(oursWrite / durableWall).toFixed(3)}x`);
    const writeCpu = min(ours.map((m) => m.writeCpuSeconds ?? Number.NaN));
    console.log(`    write phase CPU (Node and its tools, not the PostgreSQL server): best ${writeCpu.toFixed(2)} s against plain's ${plainCpu.toFixed(2)} s = ${(writeCpu / plainCpu).toFixed(3)}x (CPU is less disturbed than wall time by other load)`);
    const verifySeconds = ours.map((m) => m.seconds - (m.writeSeconds ?? m.seconds));
    const verifyMedian = median(verifySeconds);
    console.log(`    write phase against plain + sync: median ${(oursWrite / durableWall).toFixed(3)}x, best ${(oursWriteBest / min(durable.map((m) => m.seconds))).toFixed(3)}x (target at most 1.10x: ${oursWrite / durableWall <= 1.1 ? 'met' : 'NOT met'} by the median)`);
    console.log(`  verification alone: the copy's cached pages dropped (posix_fadvise DONTNEED via dd iflag=nocache), then re-read from the device for sha256 beside ${kind === 'files' ? 'tar --list' : 'zstd -t, then pg_restore --list'}`);
    console.log(`    wall median ${verifyMedian.toFixed(2)} s, best ${min(verifySeconds).toFixed(2)} s (runs ${fmt(verifySeconds)}); ${mib(ours[0]!.bytes / verifyMedian)}/s; ${((verifyMedian / plainWall) * 100).toFixed(0)} % of the plain pipeline's time`);
    console.log(`  cadang with verification (write + verification)`);
    console.log(`    wall median ${oursTotal.toFixed(2)} s, best ${oursTotalBest.toFixed(2)} s  ratio median ${(oursTotal / plainWall).toFixed(3)}x, best ${(oursTotalBest / plainBest).toFixed(3)}x; CPU (whole job, all processes) ${oursCpu.toFixed(2)} s = ${(oursCpu / plainCpu).toFixed(3)}x`);
    console.log(`  cadang peak memory: node ${mib(median(ours.map((m) => m.nodeMaxRssKiB ?? 0)) * 1024)}, largest process ${mib(median(ours.map((m) => m.largestMaxRssKiB)) * 1024)}; output ${mib(ours[0]!.bytes)}`);
  }
}

await main();
