// Socket Mode: with an app-level token the real Bolt app opens a WebSocket (apps.connections.open
// on the configured API base) instead of listening for HTTP, and works the same over it.
import { afterEach, describe, expect, it } from 'vitest';
import { SlackSession } from './slack-harness.js';

let session: SlackSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('Socket Mode', () => {
  it('connects with the app token, acknowledges a slash command envelope and opens the form; a bad NIP gets per-field errors in the ack', async () => {
    const s = (session = await SlackSession.open({ socketMode: true }));
    expect(s.slack.http).toBeUndefined();
    expect(s.api.socketMode.connected).toBe(true);
    expect(s.api.callsOf('apps.connections.open')).toHaveLength(1);

    const siti = s.user('Siti');
    const triggerId = s.api.issueTrigger(siti);
    const ack = await s.api.socketMode.send('slash_commands', {
      command: '/backup', text: '', user_id: siti, user_name: 'siti', channel_id: s.api.dmOf(siti), team_id: s.api.teamId, trigger_id: triggerId, api_app_id: 'ACADANG',
    });
    expect(ack.envelope_id).toBe('env-1');
    await s.settle();
    const view = s.api.lastViewOf(siti)!;
    expect(view.view.callback_id).toBe('cadang-form');

    const values = SlackSession.formValues({ tanggal: '2026-11-23', satker: 'Biro Umum', nama: 'Siti Rahmawati', nomor_hp: '0812 3456 7890', nip: '12345', email: 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Uji' }, ['Biro Umum']);
    const refused = await s.api.socketMode.send('interactive', {
      type: 'view_submission', trigger_id: s.api.issueTrigger(siti), team: { id: s.api.teamId }, user: { id: siti }, api_app_id: 'ACADANG',
      view: { id: view.id, type: 'modal', callback_id: view.view.callback_id, private_metadata: view.view.private_metadata, hash: view.hash, state: { values } },
    });
    expect(refused.payload).toMatchObject({ response_action: 'errors', errors: { nip: expect.stringMatching(/18/) } });
    expect(await s.core.service.db.workflowInstance.count()).toBe(0);
  });
});
