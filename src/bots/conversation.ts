import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../storage/database.js';
import type { Platform } from './port.js';

/**
 * A chat's unfinished business, kept in the database so it survives a restart: a form being
 * filled, a reason being asked for, targets or a medium being picked.
 */
export const conversationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('form'),
    definitionKey: z.string(),
    answers: z.record(z.string(), z.string()),
    /** The field being asked, or null when the summary is shown. */
    field: z.string().nullable(),
    /** After an edit from the summary, go back to the summary instead of the next field. */
    returnToSummary: z.boolean(),
  }),
  z.object({ kind: z.literal('reason'), instanceId: z.string(), stepId: z.string(), choiceId: z.string(), inputs: z.record(z.string(), z.unknown()).optional() }),
  z.object({ kind: z.literal('select'), what: z.enum(['targets', 'medium']), instanceId: z.string(), stepId: z.string(), choiceId: z.string(), options: z.array(z.string()), selected: z.array(z.string()) }),
]);
export type Conversation = z.infer<typeof conversationSchema>;

export async function loadConversation(db: Database, platform: Platform, chatId: string): Promise<Conversation | null> {
  const row = await db.chatSession.findUnique({ where: { platform_chatId: { platform, chatId } } });
  if (!row) return null;
  const parsed = conversationSchema.safeParse(JSON.parse(row.state));
  return parsed.success ? parsed.data : null;
}

export async function saveConversation(db: Database, platform: Platform, chatId: string, conversation: Conversation): Promise<void> {
  const state = JSON.stringify(conversation);
  await db.chatSession.upsert({
    where: { platform_chatId: { platform, chatId } },
    create: { id: randomUUID(), platform, chatId, kind: conversation.kind, state },
    update: { kind: conversation.kind, state },
  });
}

export async function clearConversation(db: Database, platform: Platform, chatId: string): Promise<void> {
  await db.chatSession.deleteMany({ where: { platform, chatId } });
}

/** Remembers a card or notice so it can be edited once its step is decided. */
export async function rememberMessage(db: Database, message: { platform: Platform; chatId: string; messageId: string; instanceId: string; stepId: string; purpose: string }): Promise<void> {
  await db.chatMessage.create({ data: { id: randomUUID(), ...message } });
}

export async function messagesOfStep(db: Database, platform: Platform, instanceId: string, stepId: string, purpose: string) {
  return db.chatMessage.findMany({ where: { platform, instanceId, stepId, purpose } });
}

export async function forgetMessages(db: Database, ids: string[]): Promise<void> {
  await db.chatMessage.deleteMany({ where: { id: { in: ids } } });
}
