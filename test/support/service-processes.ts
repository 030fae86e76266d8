// Real Cadang processes for crash and multi-process tests: the service (`npm start`, whose
// terminal chat prints every card to stdout) and `cadang worker`, each started with its own
// configuration file and database URL, killed with real signals, and read through their output.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { parse, stringify } from 'yaml';
import { openCore, type CadangCore } from '../../src/app.js';
import { loadConfig, sampleConfigFile } from '../../src/config/load.js';
import type { EventOutcome } from '../../src/service/workflow-service.js';
import { findPeople, type PersonRecord } from '../../src/storage/people-repository.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// What `npm start` and `cadang` run: dist/ when it is current, else the sources through tsx in
// the same process (not the `tsx` command, which would put the service in a child process of
// its own, where a SIGKILL or SIGSTOP sent to the one the test started would miss it).
const startScript = join(root, 'bin/start.js');
const cliScript = join(root, 'bin/cadang.js');

/** One Cadang process started by a test, with everything it printed. */
export class CadangProcess {
  stdout = '';
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;

  private constructor(readonly name: string, readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => { this.stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
    // The terminal chat ends the service when its input closes; the test keeps the pipe open.
    child.stdin.on('error', () => undefined);
    this.exited = once(child, 'exit').then(([code, signal]) => { this.exit = { code: code as number | null, signal: signal as NodeJS.Signals | null }; });
  }

  /** `npm start` (bin/start.js) on this configuration: the terminal chat (no Telegram token) and the main queue's worker. */
  static async service(name: string, dir: string, env: Record<string, string>): Promise<CadangProcess> {
    const started = new CadangProcess(name, spawn(process.execPath, [startScript], { cwd: dir, env: childEnv(dir, env) }));
    // The chat greets (asks who you are) once the runtime has recovered and started.
    await started.waitFor(() => /\/as/.test(started.stdout), 60_000, 'the service to start');
    return started;
  }

  /** `cadang worker --queue …` (bin/cadang.js) on this configuration. */
  static async worker(name: string, dir: string, env: Record<string, string>, queues: string[]): Promise<CadangProcess> {
    const args = [cliScript, 'worker', ...queues.flatMap((queue) => ['--queue', queue])];
    const started = new CadangProcess(name, spawn(process.execPath, args, { cwd: dir, env: childEnv(dir, env) }));
    await started.waitFor(() => started.stdout.includes(queues.join(', ')), 60_000, 'the worker to start');
    return started;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.alive) process.kill(this.pid, signal);
  }

  /** SIGKILL, then waits until the process is gone. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (a clean stop), SIGKILL if it does not end in time. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.alive) return;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  async waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
    const describe = () => (typeof what === 'string' ? what : what());
    await waitUntil(async () => {
      if (!this.alive) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) while waiting for ${describe()}\n${this.stderr.slice(-3000)}`);
      return condition();
    }, timeoutMs, () => `${this.name}: ${describe()}\n${this.stderr.slice(-2000)}`);
  }
}

/**
 * The child's environment: no chat tokens or database of the caller's, and a temporary folder of
 * the test's own, so what other programs on a shared machine do in /tmp cannot touch its files.
 */
function childEnv(dir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, CADANG_CONFIG: _config, TELEGRAM_BOT_TOKEN: _token, SLACK_BOT_TOKEN: _slack, ...rest } = process.env;
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  return { ...rest, TMPDIR: tmp, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env };
}

/** Polls `condition` until it holds; throws with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string), pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** An approval card the terminal chat printed: the run's number and the SOP step's number. */
export interface PrintedCard {
  run: number;
  step: string;
  to: string;
}

/**
 * The approval cards in a terminal chat's output: blocks headed `── untuk NAME ──` with the run
 * title (`📋 … #N`), a `Langkah N:` line and numbered buttons. Edited cards (`(diperbarui)`) and
 * notices are not cards.
 */
export function printedCards(stdout: string): PrintedCard[] {
  const cards: PrintedCard[] = [];
  // Each message starts with its header line; a card's text has blank lines of its own.
  for (const block of stdout.split(/\n(?=── .* ──\n)/)) {
    const lines = block.trim().split('\n');
    const header = /^── (.*) ──$/.exec(lines[0] ?? '');
    if (!header || header[1]!.startsWith('(')) continue;
    const run = lines.map((line) => /^📋 .* #(\d+)$/.exec(line)).find(Boolean);
    const step = lines.map((line) => /^(?:Langkah|Step) (\S+):/.exec(line)).find(Boolean);
    if (!run || !step || !lines.some((line) => /^\s+\[\d+\] /.test(line))) continue;
    cards.push({ run: Number(run[1]), step: step[1]!, to: header[1]! });
  }
  return cards;
}

/** Counts cards per `run/step`. */
export function countCards(cards: PrintedCard[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const card of cards) counts.set(`${card.run}/${card.step}`, (counts.get(`${card.run}/${card.step}`) ?? 0) + 1);
  return counts;
}

export interface ConfigParts {
  backup: unknown;
  /** A letterhead logo for SOP A's documents. */
  sopALogo?: string | undefined;
}

/** Writes `cadang.yaml` in `dir`: the sample organisation with these backup targets, documents archived in `dir`. */
export function writeConfig(dir: string, parts: ConfigParts): string {
  const config = parse(readFileSync(sampleConfigFile, 'utf8')) as Record<string, any>;
  config.calendar.holidayFiles = config.calendar.holidayFiles.map((file: string) => join(root, 'config', file));
  config.backup = parts.backup;
  config.reports.archiveFolder = join(dir, 'arsip');
  if (parts.sopALogo) config.reports.sops.sop_a_backup_terjadwal.letterhead.logo = parts.sopALogo;
  const file = join(dir, 'cadang.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * The test's own hand on the database: decisions made through `openCore` + the workflow service,
 * committed with their effects as outbox rows, which the service processes carry out.
 */
export class Driver {
  private readonly people = new Map<string, PersonRecord>();
  private constructor(readonly core: CadangCore) {}

  static async open(configFile: string, databaseUrl: string): Promise<Driver> {
    return new Driver(await openCore(loadConfig({ CADANG_CONFIG: configFile, DATABASE_URL: databaseUrl })));
  }

  get db() {
    return this.core.database.db;
  }

  async person(name: string): Promise<PersonRecord> {
    const known = this.people.get(name);
    if (known) return known;
    const [found] = await findPeople(this.db, this.core.service.organisationId, name);
    if (!found) throw new Error(`no person ${name}`);
    this.people.set(name, found);
    return found;
  }

  /** Files an SOP B request as Siti; returns the run's id and number. */
  async submit(label: string): Promise<{ id: string; number: number }> {
    const form = {
      tanggal: '2026-11-23', satker: 'Biro Umum', nama: 'Siti Rahmawati', nomor_hp: '081234567890', nip: '199202292015032001',
      email: 'siti@contoh.go.id', nama_server: 'srv-arsip', nama_aplikasi: '', nama_folder: '', alasan: `Migrasi server arsip, uji ${label}`,
    };
    const outcome = await this.core.service.submitRequest('sop_b_backup_server', await this.person('Siti'), form, `submit-${label}`);
    const { instance } = accepted(outcome, 'submit');
    return { id: instance.id, number: instance.number };
  }

  /** Starts an SOP A order as the Kepala PTID. */
  async order(label: string): Promise<{ id: string; number: number }> {
    const outcome = await this.core.service.start('sop_a_backup_terjadwal', await this.person('Ahmad'), `order-${label}`);
    const { instance } = accepted(outcome, 'order');
    return { id: instance.id, number: instance.number };
  }

  /** One decision, with a key of its own (a repeated call with the same key is the same decision). */
  async decide(instanceId: string, stepId: string, choiceId: string, name: string, inputs?: Record<string, unknown>): Promise<void> {
    const outcome = await this.core.service.decide({ instanceId, stepId, choiceId, person: await this.person(name), inputs, key: `${instanceId}:${stepId}:${choiceId}` });
    accepted(outcome, `${stepId}/${choiceId}`);
  }

  async currentStep(instanceId: string): Promise<string | null> {
    const row = await this.db.workflowInstance.findUniqueOrThrow({ where: { id: instanceId }, select: { currentStep: true } });
    return row.currentStep;
  }

  close(): Promise<void> {
    return this.core.close();
  }
}

/** The SOP B chain up to the Administrator: Ka. PPIKSN, Kabid PJKKD, Kasubbid Komdat. */
export const sopBApprovals: Array<[stepId: string, choiceId: string, name: string]> = [
  ['disposisi_ka_ppiksn', 'disposisi', 'Bambang'],
  ['seleksi_kabid', 'setujui', 'Dewi'],
  ['seleksi_kasubbid', 'setujui', 'Agus'],
];

function accepted(outcome: EventOutcome, what: string): Extract<EventOutcome, { status: 'accepted' }> {
  if (outcome.status !== 'accepted') throw new Error(`${what}: ${JSON.stringify(outcome)}`);
  return outcome;
}

/**
 * A PNG of random pixels: a letterhead logo that takes the PDF renderer seconds to decode and
 * compress again, so a test can catch a rendering job while it runs.
 */
export function noisePng(width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  const raw = randomFillSync(Buffer.alloc(stride * height));
  for (let row = 0; row < height; row++) raw[row * stride] = 0; // filter: none
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}
