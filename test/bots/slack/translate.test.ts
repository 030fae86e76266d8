import { describe, expect, it } from 'vitest';
import { TierGate, slackRateLimits } from '../../../src/bots/slack/rate-limits.js';
import { translateAction, translateCommand } from '../../../src/bots/slack/translate.js';

const command = { command: '/backup', user_id: 'U5001', channel_id: 'C0GENERAL', trigger_id: '13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d5536' };

describe('slash commands', () => {
  it('/backup alone opens the form; sub-commands become the core\'s commands; answers go to the DM', () => {
    expect(translateCommand({ ...command, text: '' })).toEqual({ kind: 'open-form', userId: 'U5001', channelId: 'C0GENERAL', triggerId: command.trigger_id, deliveryId: `cmd-${command.trigger_id}` });
    const status = translateCommand({ ...command, text: 'Status  12' });
    expect(status).toMatchObject({ kind: 'event', channelId: 'C0GENERAL', event: { type: 'text', platform: 'slack', chatId: 'U5001', userId: 'U5001', text: '/status 12' } });
    expect(translateCommand({ ...command, text: 'daftar 1992 0229 2015 0320 01' })).toMatchObject({ kind: 'link', args: '1992 0229 2015 0320 01', event: { text: '/daftar 1992 0229 2015 0320 01' } });
    expect(translateCommand({ text: 'x' })).toEqual({ kind: 'ignored' });
  });
});

describe('block actions', () => {
  const payload = {
    type: 'block_actions', trigger_id: '111.222.abc', user: { id: 'U5005' },
    container: { type: 'message', channel_id: 'D5005', message_ts: '1796132587.000002' },
    actions: [{ type: 'button', action_id: 'd:6f9f:1:0', value: 'd:6f9f:1:0' }],
  };

  it('a button tap becomes the core\'s button event, with the trigger id as its delivery id and the channel it was tapped in', () => {
    expect(translateAction(payload)).toEqual({
      triggerId: '111.222.abc', channelId: 'D5005',
      event: { type: 'button', platform: 'slack', chatId: 'U5005', userId: 'U5005', deliveryId: 'act-111.222.abc', data: 'd:6f9f:1:0', messageId: '1796132587.000002', tappedIn: 'D5005' },
    });
  });

  it('ignores what is not a button tap, and button data over 64 bytes', () => {
    expect(translateAction({ ...payload, actions: [{ type: 'static_select', action_id: 'x' }] })).toBeUndefined();
    expect(translateAction({ ...payload, actions: [{ type: 'button', action_id: 'x', value: 'y'.repeat(65) }] })).toBeUndefined();
    expect(translateAction({ type: 'view_submission' })).toBeUndefined();
  });
});

describe('rate tiers', () => {
  it('lets a burst through, then spaces calls of a method at its tier\'s rate, in order', async () => {
    let now = 0;
    const slept: number[] = [];
    const gate = new TierGate(slackRateLimits, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, index) => gate.slot('chat.update').then(() => order.push(index))));
    expect(order).toEqual(Array.from({ length: 12 }, (_, index) => index));
    // Tier 3: a burst of 10, then one call every 1.2 s (50 a minute).
    expect(slept).toEqual([1200, 1200]);
    await gate.slot('chat.postMessage'); // not tiered: its limit is per channel, kept by the lanes
    expect(slept).toHaveLength(2);
  });
});
