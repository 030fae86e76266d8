import { z } from 'zod';
import { inboundEventSchema, type InboundEvent } from '../port.js';

/**
 * What a slash command means to Cadang. Slack has one command, `/backup`; the chat core's other
 * commands are its sub-commands (`/backup tugas` is the core's `/tugas`).
 */
export type TranslatedCommand =
  /** `/backup` alone: open form FM 001 as a modal. */
  | { kind: 'open-form'; userId: string; channelId: string; triggerId: string; deliveryId: string }
  /** `/backup daftar NIP`: link this Slack account (the core's `/daftar`, as on Telegram). */
  | { kind: 'link'; event: InboundEvent & { type: 'text' }; channelId: string; args: string }
  /** Any other sub-command, for the chat core. */
  | { kind: 'event'; event: InboundEvent & { type: 'text' }; channelId: string }
  | { kind: 'ignored' };

const commandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
});

/**
 * Translates a slash command. Answers go to the user's DM (chat id = user id), wherever the
 * command was typed. The delivery id is the command's trigger id: unique per invocation, and the
 * same if Slack delivers it twice.
 */
export function translateCommand(body: unknown): TranslatedCommand {
  const parsed = commandSchema.safeParse(body);
  if (!parsed.success) return { kind: 'ignored' };
  const { text, user_id: userId, channel_id: channelId, trigger_id: triggerId } = parsed.data;
  const deliveryId = `cmd-${triggerId}`;
  const [first = '', ...rest] = text.trim().split(/\s+/);
  if (first === '') return { kind: 'open-form', userId, channelId, triggerId, deliveryId };
  const sub = first.toLowerCase().replace(/^\//, '');
  const event = inboundEventSchema.parse({ type: 'text', platform: 'slack', chatId: userId, userId, deliveryId, text: `/${sub}${rest.length > 0 ? ` ${rest.join(' ')}` : ''}` }) as InboundEvent & { type: 'text' };
  return sub === 'daftar' ? { kind: 'link', event, channelId, args: rest.join(' ') } : { kind: 'event', event, channelId };
}

const actionSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1) }),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).optional(),
  actions: z.array(z.object({ type: z.string(), action_id: z.string(), value: z.string().optional() })).min(1),
});

/** A tap on a button of a message Cadang sent: the core's button event, plus where to answer next to it. */
export interface TranslatedAction {
  event: InboundEvent & { type: 'button' };
  triggerId: string;
  /** The channel the card is in (the DM), for ephemeral answers. */
  channelId: string | undefined;
}

/**
 * Translates a `block_actions` payload. The button's value carries the port's button data; the
 * delivery id is the interaction's trigger id, so a redelivered tap is the same delivery
 * downstream (the service's idempotency key) and changes nothing.
 */
export function translateAction(body: unknown): TranslatedAction | undefined {
  const parsed = actionSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { trigger_id: triggerId, user, container, channel, actions } = parsed.data;
  const action = actions[0]!;
  if (action.type !== 'button') return undefined;
  const channelId = container?.channel_id ?? channel?.id;
  const event = inboundEventSchema.safeParse({
    type: 'button', platform: 'slack', chatId: user.id, userId: user.id, deliveryId: `act-${triggerId}`,
    data: action.value ?? action.action_id, ...(container?.message_ts ? { messageId: container.message_ts } : {}),
    ...(channelId ? { tappedIn: channelId } : {}),
  });
  if (!event.success) return undefined;
  return { event: event.data as InboundEvent & { type: 'button' }, triggerId, channelId };
}
