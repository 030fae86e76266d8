import { z } from 'zod';
import type { Directory } from '../service/directory.js';
import type { Platform } from './port.js';

/**
 * A chat's unfinished business, kept in the database so it survives a restart: a form being
 * filled, a reason being asked for, targets or a medium being picked.
 */
/** The chat process that last saved it: a conversation from an earlier process was interrupted by a restart. */
const session = z.string().optional();

export const conversationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('form'),
    /** Named in the form's buttons: a button of another form is stale here. */
    formId: z.string().default('-'),
    definitionKey: z.string(),
    answers: z.record(z.string(), z.string()),
    /** The field being asked, or null when the summary is shown. */
    field: z.string().nullable(),
    /** After an edit from the summary, go back to the summary instead of the next field. */
    returnToSummary: z.boolean(),
    /** The open question's message, whose buttons go once it is answered (typed or tapped). */
    questionMessageId: z.string().optional(),
    session,
  }),
  z.object({ kind: z.literal('reason'), instanceId: z.string(), stepId: z.string(), choiceId: z.string(), inputs: z.record(z.string(), z.unknown()).optional(), session }),
  z.object({ kind: z.literal('select'), formId: z.string().default('-'), what: z.enum(['targets', 'medium']), instanceId: z.string(), stepId: z.string(), choiceId: z.string(), options: z.array(z.string()), selected: z.array(z.string()), session }),
]);
export type Conversation = z.infer<typeof conversationSchema>;

/** The slice of the service's directory a conversation is kept in. */
type ChatStateStore = Directory['chatState'];

export async function loadConversation(store: ChatStateStore, platform: Platform, chatId: string): Promise<Conversation | null> {
  const row = await store.load(platform, chatId);
  if (!row) return null;
  const parsed = conversationSchema.safeParse(JSON.parse(row.state));
  return parsed.success ? parsed.data : null;
}

export async function saveConversation(store: ChatStateStore, platform: Platform, chatId: string, conversation: Conversation): Promise<void> {
  await store.save(platform, chatId, conversation.kind, JSON.stringify(conversation));
}

export async function clearConversation(store: ChatStateStore, platform: Platform, chatId: string): Promise<void> {
  await store.clear(platform, chatId);
}
