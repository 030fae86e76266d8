import { execa, type Options, type ResultPromise } from 'execa';
import type { Readable, Writable } from 'node:stream';
import { setPriority } from 'node:os';
import type { SshHost } from './config.js';
import { defaultToolFiles, debianPackageOf, type CommandSpec, type ToolName } from './argv/tools.js';
import { buildSshArgs } from './argv/ssh.js';
import { buildDeathSignalArgs } from './argv/setpriv.js';
import { secretPipesIn, serveSecretPipe } from './secret-pipe.js';
import type { ResolvedTools } from './tools.js';
import { CadangError } from '../errors.js';

/** What the runner needs to start tools: where they are, the SSH hosts, cancellation. */
export interface RunEnvironment {
  tools: ResolvedTools;
  sshHosts: Readonly<Record<string, SshHost>>;
  /** Aborting stops every running tool (SIGTERM, then SIGKILL after 5 s). */
  signal?: AbortSignal;
  /** Receives the argv of every command started (it never holds secrets). */
  onCommand?: (display: string) => void;
}

/** How a tool ended: exit 0 is ok, listed codes are warnings, anything else is an error. */
export interface CommandResult {
  tool: ToolName;
  display: string;
  status: 'ok' | 'warning' | 'error';
  exitCode?: number;
  /** Set when the tool did not run to its own end. */
  interruption?: 'cancelled' | 'spawn-failed';
  /** The last 8 KiB of standard error, for classification and the log. */
  stderr: string;
}

/** A started tool; `result` never rejects. */
export interface RunningCommand {
  display: string;
  pid: number | undefined;
  stdout: Readable | null;
  stdin: Writable | null;
  result: Promise<CommandResult>;
}

const stderrTailBytes = 8192;

/** The environment every tool gets: no inherited secrets, English messages (parsed by the classifier), UTC. */
function baseEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    PGCONNECT_TIMEOUT: '15',
  };
}

/** The program to run locally and its argv; remote specs become `ssh … program args`. */
function resolveInvocation(spec: CommandSpec, env: RunEnvironment): { tool: ToolName; file: string; args: readonly string[]; remoteInput?: string } {
  if (spec.via === undefined) {
    const file = env.tools[spec.tool];
    if (file === undefined) throw toolMissing(spec.tool);
    return { tool: spec.tool, file, args: spec.args };
  }
  const host = env.sshHosts[spec.via];
  const ssh = env.tools.ssh;
  if (host === undefined) throw new CadangError('host-unreachable', `unknown SSH host ${spec.via}`, { via: spec.via });
  if (ssh === undefined) throw toolMissing('ssh');
  // Secrets for the remote side travel on ssh's standard input, one per line, and are read into
  // the remote environment by a fixed prelude: never on any command line.
  const names = Object.keys(spec.env ?? {});
  for (const name of names) if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`invalid environment name ${name}`);
  const prelude = names.length === 0 ? undefined : names.map((name) => `IFS= read -r ${name} && export ${name} &&`).join(' ');
  const remoteInput = names.length === 0 ? undefined : names.map((name) => `${spec.env?.[name] ?? ''}\n`).join('');
  const program = defaultToolFiles[spec.tool][0] ?? spec.tool;
  return { tool: spec.tool, file: ssh, args: buildSshArgs(host, program, spec.args, prelude), remoteInput };
}

function toolMissing(tool: ToolName): CadangError {
  return new CadangError('tool-missing', `${defaultToolFiles[tool].join(' / ')} not found`, { tool, package: debianPackageOf[tool] });
}

/** The argv as one readable line (for manifests and logs); arguments with spaces are quoted. */
export function displayCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Starts a tool with an argv array (never a shell) through execa. Standard output is a stream
 * when `stdout` is "pipe", or goes straight to an open file when it is a file descriptor;
 * standard error is kept (its tail) for classification. Throws
 * CadangError("tool-missing") before starting when the tool is not installed.
 *
 * When setpriv (util-linux) is there, the tool runs under `setpriv --pdeathsig SIGKILL`, which
 * execs it in place (same pid): the kernel kills it the moment Cadang dies, even by SIGKILL.
 * A secret pipe (secret-pipe.ts) named in the argv is served to the tool as it starts.
 */
export function startCommand(spec: CommandSpec, env: RunEnvironment, io: { stdin?: 'ignore' | 'pipe'; stdout?: 'pipe' | 'ignore' | number | Writable } = {}): RunningCommand {
  const invocation = resolveInvocation(spec, env);
  const display = displayCommand(spec.via === undefined ? invocation.file.split('/').pop() ?? invocation.file : 'ssh', invocation.args);
  env.onCommand?.(display);
  const needsStdin = io.stdin === 'pipe' || invocation.remoteInput !== undefined;
  const guard = env.tools.setpriv;
  const [file, args] = guard === undefined ? [invocation.file, invocation.args] : [guard, [...buildDeathSignalArgs(), invocation.file, ...invocation.args]];
  const subprocess: ResultPromise = execa(file, args, {
    env: spec.via === undefined ? { ...baseEnvironment(), ...spec.env } : baseEnvironment(),
    extendEnv: false,
    stdin: needsStdin ? 'pipe' : 'ignore',
    // A file descriptor (or another tool's standard input) is handed to the tool as is: its
    // output goes to the file or the other tool without Node.
    stdout: (io.stdout ?? 'pipe') as Options['stdout'],
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
    maxBuffer: { stderr: 16 * 1024 * 1024 },
    reject: false,
    stripFinalNewline: false,
    cancelSignal: env.signal,
    forceKillAfterDelay: 5000,
  });
  if (spec.background && spec.via === undefined && subprocess.pid !== undefined) {
    // setpriv execs the tool in place, so the priority set on this pid is the tool's.
    try {
      setPriority(subprocess.pid, 19);
    } catch {
      // Already ended: nothing to lower.
    }
  }
  if (invocation.remoteInput !== undefined && subprocess.stdin) {
    subprocess.stdin.on('error', () => {});
    subprocess.stdin.write(invocation.remoteInput);
    if (io.stdin !== 'pipe') subprocess.stdin.end();
  }
  const serving = Promise.all(spec.via === undefined ? secretPipesIn(invocation.args).map((pipe) => serveSecretPipe(pipe.path, pipe.content, subprocess)) : []);
  const result = (async (): Promise<CommandResult> => {
    const done = await subprocess;
    // The pipe's writer is released before anyone may remove the folder it lives in.
    await serving;
    const stderr = String(done.stderr ?? '').slice(-stderrTailBytes);
    if (done.isCanceled) return { tool: spec.tool, display, status: 'error', interruption: 'cancelled', stderr, exitCode: done.exitCode };
    if (done.failed && done.exitCode === undefined && !done.isTerminated) return { tool: spec.tool, display, status: 'error', interruption: 'spawn-failed', stderr: `${stderr}${done.shortMessage}` };
    const exitCode = done.exitCode;
    const status = exitCode === 0 ? 'ok' : exitCode !== undefined && spec.warningExitCodes?.includes(exitCode) ? 'warning' : 'error';
    return { tool: spec.tool, display, status, exitCode, stderr };
  })();
  return { display, pid: subprocess.pid, stdout: subprocess.stdout, stdin: io.stdin === 'pipe' ? subprocess.stdin : null, result };
}

/** Runs a tool to its end and collects its (small) standard output as text. */
export async function runCommand(spec: CommandSpec, env: RunEnvironment): Promise<CommandResult & { stdout: string }> {
  const running = startCommand(spec, env, { stdout: 'pipe' });
  const chunks: Buffer[] = [];
  running.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await running.result;
  return { ...result, stdout: Buffer.concat(chunks).toString('utf8') };
}
