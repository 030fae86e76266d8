// Benchmark: 200 concurrent interactions through the real Bolt app (HTTP receiver) against the
// local fake Slack Web API, which floods like Slack (about one message a second per channel, a
// short burst allowed) and answers 429 with Retry-After beyond that. Measures the time from an
// interaction arriving (signature checked) to its ack as the app records it, and from request to
// response as Slack would see it; counts the 429s provoked and the time until every answer is out.
//
//   npx tsx bench/slack.ts [--requests 200]
//
// The fake server and the sender ("Slack") run in a worker thread, so their clocks do not wait for
// the app's event loop. The interactions: half are `/backup` (a modal opens: views.open, whose
// trigger id lives 3 s), half `/backup status` (the chat core answers in the person's DM:
// conversations.open, chat.postMessage), from the eleven people of the sample organisation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { createRuntime, openCore } from '../src/app.js';
import { slackRateLimits, startSlackApp, type SlackLog } from '../src/bots/slack/index.js';
import { loadConfig, sampleConfigFile } from '../src/config/load.js';
import { createStandInBackup } from '../test/support/stand-in-tasks.js';
import { FakeSlackApi, SignedRequests } from '../test/bots/slack/fake-slack-api.js';

const signingSecret = 'bench-signing-secret';

// ── Slack's side (worker thread) ────────────────────────────────────────────────────────────

async function slackInWorker(): Promise<void> {
  const api = await FakeSlackApi.start({ flood: { perSecond: 1, burst: 3 } });
  let requests: SignedRequests | undefined;
  const handlers: Record<string, (args: any) => unknown> = {
    addUsers: (users: Array<{ id: string; name: string; email?: string }>) => users.forEach((user) => api.addUser(user)),
    endpoint: (url: string) => { requests = new SignedRequests(url, signingSecret, api); },
    fire: async (commands: Array<{ userId: string; text: string }>) => {
      const responses = await Promise.all(commands.map((command) => requests!.slashCommand(command.userId, command.text)));
      return responses.map((response) => ({ status: response.status, ms: response.ms }));
    },
    collect: () => ({
      modals: api.callsOf('views.open').filter((call) => !call.error).length,
      expired: api.callsOf('views.open').filter((call) => call.error === 'expired_trigger_id').length,
      answers: api.callsOf('chat.postMessage').filter((call) => call.status === 200 && !call.error).length,
      rateLimited: api.rateLimited,
    }),
    close: () => api.close(),
  };
  parentPort!.on('message', async ({ id, op, args }: { id: number; op: string; args: unknown }) => {
    try {
      parentPort!.postMessage({ id, result: await handlers[op]!(args) });
    } catch (error) {
      parentPort!.postMessage({ id, error: String(error) });
    }
  });
  parentPort!.postMessage({ token: api.token, apiUrl: api.apiUrl });
}

class RemoteSlack {
  private next = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly worker: Worker, readonly token: string, readonly apiUrl: string) {
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) waiter?.reject(new Error(error));
      else waiter?.resolve(result);
    });
  }

  static async start(): Promise<RemoteSlack> {
    // tsx's loader does not reach worker threads on Node 20 by itself: register it first.
    const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`, { eval: true });
    const { token, apiUrl } = await new Promise<{ token: string; apiUrl: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new RemoteSlack(worker, token, apiUrl);
  }

  call<T>(op: string, args?: unknown): Promise<T> {
    const id = ++this.next;
    const answer = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    this.worker.postMessage({ id, op, args });
    return answer;
  }

  async close(): Promise<void> {
    await this.call('close');
    await this.worker.terminate();
  }
}

// ── The app's side (main thread) ────────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function bench(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cadang-bench-slack-'));
  const remote = await RemoteSlack.start();
  const core = await openCore(loadConfig({
    CADANG_CONFIG: sampleConfigFile, DATABASE_URL: `file:${join(dir, 'bench.db')}`, SLACK_BOT_TOKEN: remote.token, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: remote.apiUrl, SLACK_CHANNEL_ID: 'C0MILESTONE',
  }));
  const people = (await core.service.directory.listPeople()).sort((a, b) => a.nip.localeCompare(b.nip)).map((person, index) => ({ ...person, userId: `U${5001 + index}` }));
  for (const person of people) await core.service.directory.linkAccount('slack', person.userId, person.id, 'bench');
  await remote.call('addUsers', people.map((person) => ({ id: person.userId, name: person.name, email: person.email ?? undefined })));
  const logs: Array<{ level: string; message: string }> = [];
  const log: SlackLog = { info: (message) => logs.push({ level: 'info', message }), warn: (message) => logs.push({ level: 'warn', message }), error: (message) => logs.push({ level: 'error', message }) };
  const slack = await startSlackApp({ service: core.service, config: core.config, log, limits: slackRateLimits, host: '127.0.0.1', port: 0 });
  const runtime = createRuntime(core, { notifiers: [slack.notifier], queues: ['main'], handlers: { backup: createStandInBackup(core.service.locale) } });
  await runtime.start();
  await remote.call('endpoint', `http://127.0.0.1:${slack.http!.port}/slack/events`);
  try {
    const started = performance.now();
    const responses = await remote.call<Array<{ status: number; ms: number }>>('fire', Array.from({ length: count }, (_, index) => ({ userId: people[index % people.length]!.userId, text: index % 2 === 0 ? '' : 'status' })));
    const allAcked = performance.now() - started;
    await slack.settled();
    await runtime.settle();
    await slack.settled();
    const allDone = performance.now() - started;
    const seen = responses.map((response) => response.ms).sort((a, b) => a - b);
    const acks = [...slack.ackTimes].sort((a, b) => a - b);
    const counts = await remote.call<{ modals: number; expired: number; answers: number; rateLimited: number }>('collect');
    console.log(`${count} concurrent interactions (${Math.ceil(count / 2)} /backup, ${Math.floor(count / 2)} /backup status) from ${people.length} people, Slack's rate limits`);
    console.log(`  refused: ${responses.filter((response) => response.status !== 200).length}`);
    console.log(`  arrival → ack (in the app):    median ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}, max ${ms(acks.at(-1)!)}`);
    console.log(`  request → response (as Slack): median ${ms(percentile(seen, 50))}, p99 ${ms(percentile(seen, 99))}, max ${ms(seen.at(-1)!)}`);
    console.log(`  all acknowledged after ${ms(allAcked)}; all answers out after ${(allDone / 1000).toFixed(1)} s`);
    console.log(`  modals opened: ${counts.modals} (trigger expired: ${counts.expired}); DM answers: ${counts.answers}; 429s provoked: ${counts.rateLimited}`);
    const errors = logs.filter((entry) => entry.level === 'error');
    if (errors.length > 0) console.log(`  errors logged: ${errors.length}, first: ${errors[0]!.message}`);
  } finally {
    await runtime.stop();
    await slack.stop({ drainMs: 1000 });
    await remote.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
  await bench(Number(values.requests));
  process.exit(0);
} else {
  await slackInWorker();
}
