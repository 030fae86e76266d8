import { pipeline } from 'node:stream/promises';
import { buildZstdCompressArgs } from '../argv/zstd.js';
import type { CommandSpec } from '../argv/tools.js';
import { open, rm } from 'node:fs/promises';
import { createDigestStream, followAndDigest, type Digest } from '../atomic-file.js';
import { classifyWriteError } from '../classify.js';
import { readProcessReadBytes } from '../progress.js';
import { displayCommand, startCommand, type CommandResult, type RunEnvironment, type RunningCommand } from '../runner.js';
import { commandFailure, type ProduceContext } from './kind.js';
import { createFifo } from '../secrets.js';
import { CadangError } from '../../errors.js';

/**
 * How the producer is started: locally writing into a FIFO, locally writing to its standard
 * output (handed to zstd's standard input: no FIFO to make first), or remotely writing to ssh's
 * standard output.
 */
export type ProducerPlan = { local: (fifoPath: string) => CommandSpec } | { piped: CommandSpec } | { remote: CommandSpec };

/** The result of a producer | zstd | file pipeline. */
export interface PipelineResult {
  digest: Digest;
  producer: CommandResult;
  command: string;
}

/** A signal that aborts when the parent does or when the pipeline itself gives up. */
function childController(parent: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (parent?.aborted) controller.abort(parent.reason);
  parent?.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}

/**
 * Runs `producer | zstd > partial`, hashing the compressed bytes as they are written. Locally,
 * producer and zstd meet in a FIFO or in the pipe that is zstd's standard input (one process
 * fewer to start before the copy begins), and zstd writes straight into the partial file, so no
 * data passes through Node (as fast as a shell pipeline); Node hashes the file as it grows and reads
 * progress from zstd's I/O counters. Remote producers stream through ssh into zstd and are
 * counted as they pass. Any failing part stops the others; the first real cause is thrown as a
 * CadangError and the partial file is removed.
 */
export async function writeCompressedCopy(context: ProduceContext, plan: ProducerPlan): Promise<PipelineResult> {
  const controller = childController(context.run.signal);
  const run: RunEnvironment = { ...context.run, signal: controller.signal };
  const zstdArgs = buildZstdCompressArgs(context.compression);
  let producer: RunningCommand;
  let zstd: RunningCommand;
  let poller: NodeJS.Timeout | undefined;
  let remotePipe: Promise<void> | undefined;

  // Read-write: zstd writes through the descriptor, Node reads back what it wrote to hash it.
  const output = await open(context.partialPath, 'wx+', 0o640);
  try {
    return await runPipeline();
  } catch (error) {
    await rm(context.partialPath, { force: true });
    throw error;
  } finally {
    await output.close().catch(() => {});
  }

  async function runPipeline(): Promise<PipelineResult> {
  if ('piped' in plan) {
    zstd = startCommand({ tool: 'zstd', args: zstdArgs }, run, { stdin: 'pipe', stdout: output.fd });
    zstd.stdin!.on('error', () => {});
    // The producer writes into zstd's standard input itself; Node's end of that pipe is closed
    // at once, so zstd sees the end of the stream when the producer exits.
    producer = startCommand(plan.piped, run, { stdout: zstd.stdin! });
    zstd.stdin!.destroy();
    poller = startPolling();
  } else if ('local' in plan) {
    const fifo = await (context.fifo ?? createFifo(context.work.path('stream.fifo'), run));
    zstd = startCommand({ tool: 'zstd', args: [...zstdArgs, '--', fifo] }, run, { stdout: output.fd });
    producer = startCommand(plan.local(fifo), run, { stdout: 'ignore' });
    poller = startPolling();
  } else {
    producer = startCommand(plan.remote, run, { stdout: 'pipe' });
    zstd = startCommand({ tool: 'zstd', args: zstdArgs }, run, { stdin: 'pipe', stdout: output.fd });
    const counter = createDigestStream((bytes) => context.progress.setDone(bytes));
    remotePipe = pipeline(producer.stdout!, counter, zstd.stdin!).catch(() => controller.abort());
  }
  context.onToolsStarted?.();
  // The manifest shows the pipeline as a reader would type it, not the private FIFO path.
  const command = 'local' in plan ? `${displayTool(plan.local('-'), run)} | ${displayTool({ tool: 'zstd', args: zstdArgs }, run)}` : `${producer.display} | ${zstd.display}`;

  const stopOnError = (result: CommandResult) => {
    if (result.status === 'error') controller.abort();
    return result;
  };
  const producerDone = producer.result.then(stopOnError);
  const zstdDone = zstd.result.then(stopOnError);
  const written = followAndDigest(output, zstdDone)
    .then(async (digest) => {
      await output.sync();
      return digest;
    })
    .catch((error: unknown) => {
      controller.abort();
      throw error;
    });
  const [producerResult, zstdResult, writeResult] = await Promise.all([producerDone, zstdDone, written.then((digest) => ({ digest }), (error: unknown) => ({ error })), remotePipe]);
  if (poller !== undefined) clearInterval(poller);

  // The cause comes first: a full disk kills zstd, which kills the producer; report the disk.
  if ('error' in writeResult) {
    const code = classifyWriteError(writeResult.error);
    if (code !== undefined) throw new CadangError(code, String(writeResult.error), { path: context.partialPath });
  }
  if (context.run.signal?.aborted) throw new CadangError('cancelled', 'cancelled');
  // When one side dies the other often fails only as a consequence (a broken pipe); the
  // failure that names a cause (disk full, password refused, path missing) wins.
  const failures = [zstdResult, producerResult].filter((result) => result.status === 'error' && result.interruption !== 'cancelled').map(commandFailure);
  const failure = failures.find((candidate) => candidate.code !== 'tool-failed') ?? failures[0];
  if (failure !== undefined) throw failure;
  if ('error' in writeResult) throw writeResult.error;
  if (producerResult.status === 'error' || zstdResult.status === 'error') throw commandFailure(producerResult.status === 'error' ? producerResult : zstdResult);
  const readBytes = poller !== undefined ? await readProcessReadBytes(zstd.pid) : undefined;
  if (readBytes !== undefined) context.progress.setDone(readBytes);
  return { digest: writeResult.digest, producer: producerResult, command };
  }

  /** Progress of a local pipeline: what zstd has read, from its I/O counters. */
  function startPolling(): NodeJS.Timeout {
    return setInterval(() => {
      void readProcessReadBytes(zstd.pid).then((bytes) => bytes !== undefined && context.progress.setDone(bytes));
    }, 250);
  }
}

function displayTool(spec: CommandSpec, run: RunEnvironment): string {
  return displayCommand((run.tools[spec.tool] ?? spec.tool).split('/').pop() ?? spec.tool, spec.args);
}
