/**
 * Start-time benchmark: `npm run bench:start [-- --runs N]`. Spawns `node bin/cadang.js --help`
 * and `node bin/cadang.js targets list` N times each (alternating) and prints the median wall
 * time of each, against the 300 ms target; then the same two through tsx from the sources
 * (`npm run cadang`, the development path) for comparison. It builds dist/ first when the build
 * is missing or stale. `targets list` runs on a fresh SQLite database in a temporary folder
 * with the sample organisation, in the language its file names. The command line's caches
 * (dist/code-cache, dist/config-cache) are emptied first, and the first two runs of each command,
 * which fill them, are printed on their own; the medians are of the runs after, as a user's
 * every later call. CI does not run it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @ts-expect-error plain JavaScript module without types
import { buildIsCurrent } from '../bin/launch.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, 'source-runs': { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const sourceRuns = Number(values['source-runs']);
const targetMs = 300;

const data = mkdtempSync(join(tmpdir(), 'cadang-bench-start-'));
// As a user runs it after `npm install`: the sample organisation, its language read from the
// file (no CADANG_LOCALE), only the database in a temporary folder.
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${join(data, 'cadang.db')}` };
delete env.CADANG_CONFIG;
delete env.CADANG_LOCALE;

const cpuMs: Record<string, number[]> = {};

/** Wall milliseconds of one call; its CPU time (user + system, from GNU time) goes to cpuMs. */
function once(args: readonly string[], name = ''): number {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH_CPU %U %S', process.execPath, ...args], { cwd: root, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const cpu = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(result.stderr);
  if (cpu) (cpuMs[name] ??= []).push((Number(cpu[1]) + Number(cpu[2])) * 1000);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function measure(label: string, commands: Record<string, readonly string[]>, count: number): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < count; i += 1) for (const [name, args] of Object.entries(commands)) samples[name]!.push(once(args, `${label} ${name}`));
  const medians: Record<string, number> = {};
  for (const [name, values] of Object.entries(samples)) {
    medians[name] = median(values);
    const verdict = label === 'compiled' ? (medians[name]! <= targetMs ? `  (target ${targetMs} ms: met)` : `  (target ${targetMs} ms: NOT met)`) : '';
    console.log(`  ${label.padEnd(9)} cadang ${name.padEnd(13)} median ${medians[name]!.toFixed(0).padStart(5)} ms, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)} (${values.length} runs); CPU median ${median(cpuMs[`${label} ${name}`] ?? [0]).toFixed(0)} ms${verdict}`);
  }
  return medians;
}

try {
  if (!buildIsCurrent()) {
    console.log('dist/ is missing or older than src/: building it (npm run build)');
    execFileSync(process.execPath, [join(root, 'scripts/build.js')], { cwd: root, stdio: 'inherit' });
  }
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((line) => line.startsWith('model name'))?.split(':')[1]?.trim();
  console.log(`cadang start time: ${cpu ?? 'cpu?'} × ${execFileSync('nproc').toString().trim()}, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  // The first runs after a build, with no cache yet: a command's first run checks the configuration
  // (and keeps the result) and marks the command, its second makes its code cache (bin/code-cache.js).
  // The first `targets list` also migrates the fresh database.
  for (const cache of ['code-cache', 'config-cache']) rmSync(join(root, 'dist', cache), { recursive: true, force: true });
  const commands = { '--help': ['bin/cadang.js', '--help'], 'targets list': ['bin/cadang.js', 'targets', 'list'] };
  for (const [name, args] of Object.entries(commands)) {
    const [first, second] = [once(args), once(args)];
    console.log(`  first runs after a build: cadang ${name.padEnd(13)} 1st ${first.toFixed(0).padStart(5)} ms, 2nd ${second.toFixed(0).padStart(5)} ms (no caches yet; not the target's figure)`);
  }
  measure('compiled', commands, runs);
  const tsx = ['--import', 'tsx', 'src/cli/main.ts'];
  if (sourceRuns > 0) measure('tsx', { '--help': [...tsx, '--help'], 'targets list': [...tsx, 'targets', 'list'] }, sourceRuns);
  console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (other work on the machine inflates wall times)`);
} finally {
  rmSync(data, { recursive: true, force: true });
}
