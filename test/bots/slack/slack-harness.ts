import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, openCore, type CadangCore } from '../../../src/app.js';
import { startSlackApp, type SlackApp, type SlackAppOptions, type SlackLog } from '../../../src/bots/slack/index.js';
import { loadConfig, sampleConfigFile } from '../../../src/config/load.js';
import type { Runtime } from '../../../src/service/runtime.js';
import { createStandInBackup } from '../../support/stand-in-tasks.js';
import { openTestDatabase, type TestDatabase } from '../../support/services.js';
import { FakeSlackApi, SignedRequests, type FloodLimit, type SlackMessage } from './fake-slack-api.js';

/** The institution's milestone channel in the tests. */
export const channelId = 'C0MILESTONE';
export const signingSecret = 'cadang-test-signing-secret-0123456789';

/** Slack's limits a hundred times faster (tiers included), so a whole SOP takes a second or two. */
export const fastLimits: SlackAppOptions['limits'] = {
  globalPerSecond: 1000, privateChatGapMs: 10, groupChatGapMs: 10, editGapMs: 30, networkRetryDelayMs: 20,
  tiers: { tier2: { perMinute: 60_000, burst: 50 }, tier3: { perMinute: 60_000, burst: 50 }, tier4: { perMinute: 60_000, burst: 50 } },
};

export interface SlackSessionOptions {
  limits?: SlackAppOptions['limits'];
  flood?: FloodLimit;
  /** People of the sample organisation left without a linked Slack account. */
  unlinked?: string[];
  /** Socket Mode (an app-level token) instead of the HTTP endpoint. */
  socketMode?: boolean;
}

/**
 * The real Bolt app with its HTTP receiver on the sample organisation, against a fake Slack Web
 * API, and the runtime that carries out committed decisions (outbox dispatcher, job queue, the
 * real document runners; the backup is a stand-in). Each person of config/sample.yaml gets a
 * Slack user (U5001 …) with their email, linked unless left out. `requests` posts signed
 * interactions to the app; `settle()` waits until everything they caused is done.
 */
export class SlackSession {
  readonly logs: Array<{ level: string; message: string; detail?: Record<string, unknown> | undefined }> = [];
  readonly users = new Map<string, string>();
  slack!: SlackApp;
  runtime!: Runtime;
  requests!: SignedRequests;
  private readonly archive = mkdtempSync(join(tmpdir(), 'cadang-slack-archive-'));

  private constructor(readonly api: FakeSlackApi, readonly core: CadangCore, private readonly testDb: TestDatabase, private readonly options: SlackSessionOptions) {}

  static async open(options: SlackSessionOptions = {}): Promise<SlackSession> {
    const testDb = await openTestDatabase('sqlite');
    const api = await FakeSlackApi.start(options.flood ? { flood: options.flood } : {});
    const core = await openCore(loadConfig({
      CADANG_CONFIG: sampleConfigFile, DATABASE_URL: testDb.url, SLACK_BOT_TOKEN: api.token, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: api.apiUrl, SLACK_CHANNEL_ID: channelId,
      ...(options.socketMode ? { SLACK_APP_TOKEN: api.appToken } : {}),
    }), { clock: () => new Date('2026-11-23T02:00:00Z') });
    const session = new SlackSession(api, core, testDb, options);
    const people = (await core.service.directory.listPeople()).sort((a, b) => a.nip.localeCompare(b.nip));
    for (const [index, person] of people.entries()) {
      const userId = `U${5001 + index}`;
      session.users.set(person.name, userId);
      api.addUser({ id: userId, name: person.name, email: person.email ?? undefined });
      if (options.unlinked?.includes(person.name)) continue;
      await core.service.directory.linkAccount('slack', userId, person.id, 'test');
    }
    const log: SlackLog = {
      info: (message, detail) => session.logs.push({ level: 'info', message, detail }),
      warn: (message, detail) => session.logs.push({ level: 'warn', message, detail }),
      error: (message, detail) => session.logs.push({ level: 'error', message, detail }),
    };
    session.slack = await startSlackApp({ service: core.service, config: core.config, log, limits: options.limits ?? fastLimits, host: '127.0.0.1', port: 0 });
    // The path a decision takes: the outbox, the dispatcher, the job queue and the real document
    // runners (archived in a folder of the test's own, uploaded through Slack's external flow).
    session.runtime = createRuntime(core, {
      notifiers: [session.slack.notifier], queues: ['main'], timing: { pollMs: 20 },
      reports: { ...core.config.reports, archiveFolder: session.archive },
      handlers: { backup: createStandInBackup(core.service.locale) },
    });
    await session.runtime.start();
    if (session.slack.http) session.requests = new SignedRequests(`http://127.0.0.1:${session.slack.http.port}/slack/events`, signingSecret, api);
    return session;
  }

  async close(): Promise<void> {
    await this.runtime.stop();
    await this.slack.stop({ drainMs: 2000 });
    await this.api.close();
    await this.core.close();
    await this.testDb.close();
    rmSync(this.archive, { recursive: true, force: true });
  }

  /** Waits until the app and the runtime have done everything the interactions so far caused. */
  async settle(): Promise<void> {
    await this.slack.settled();
    await this.runtime.settle();
    await this.slack.settled();
  }

  /** A person's Slack user id, by (part of) their name. */
  user(name: string): string {
    const exact = this.users.get(name);
    if (exact) return exact;
    const found = [...this.users.entries()].find(([full]) => full.includes(name));
    if (!found) throw new Error(`no person "${name}"`);
    return found[1];
  }

  /** Messages in a person's DM with the app. */
  dm(name: string): SlackMessage[] {
    return this.api.messagesIn(this.api.dmOf(this.user(name)));
  }

  /** Taps the newest button starting with `label` in `name`'s DM and waits until everything it caused is done. */
  async tap(name: string, label: string): Promise<void> {
    const userId = this.user(name);
    const message = this.api.withButton(this.api.dmOf(userId), label);
    if (!message) throw new Error(`no button "${label}" in the DM of ${name}: ${JSON.stringify(this.dm(name).map((m) => m.text))}`);
    const response = await this.requests.blockAction(userId, message, label);
    if (response.status !== 200) throw new Error(`tap answered ${response.status}`);
    await this.settle();
  }

  /** The requester's form answers, as a view_submission's state values. */
  static formValues(answers: Record<string, string>, satker: string[]): Record<string, Record<string, Record<string, unknown>>> {
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [name, value] of Object.entries(answers)) {
      if (name === 'tanggal') values[name] = { value: { type: 'datepicker', selected_date: value } };
      else if (name === 'satker') values[name] = { value: { type: 'static_select', selected_option: satker.includes(value) ? { value: String(satker.indexOf(value)) } : null } };
      else values[name] = { value: { type: 'plain_text_input', value } };
    }
    return values;
  }
}
