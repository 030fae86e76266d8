import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

/** A message Cadang sent and may edit later (an approval card, a progress message). */
export interface RememberedMessage {
  id: string;
  platform: string;
  chatId: string;
  messageId: string;
  instanceId: string;
  stepId: string;
  purpose: string;
}

/** A chat's stored state (JSON the chat layer owns and parses), or null. */
export async function loadChatState(db: Database, platform: string, chatId: string): Promise<{ kind: string; state: string } | null> {
  return db.chatSession.findUnique({ where: { platform_chatId: { platform, chatId } }, select: { kind: true, state: true } });
}

export async function saveChatState(db: Database, platform: string, chatId: string, kind: string, state: string): Promise<void> {
  await db.chatSession.upsert({
    where: { platform_chatId: { platform, chatId } },
    create: { id: randomUUID(), platform, chatId, kind, state },
    update: { kind, state },
  });
}

export async function clearChatState(db: Database, platform: string, chatId: string): Promise<void> {
  await db.chatSession.deleteMany({ where: { platform, chatId } });
}

/** Stores a chat state only if the chat has none: of two concurrent creations exactly one wins (true). */
export async function createChatState(db: Database, platform: string, chatId: string, kind: string, state: string): Promise<boolean> {
  try {
    await db.chatSession.create({ data: { id: randomUUID(), platform, chatId, kind, state } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}

/**
 * Replaces a chat state only if it still has kind `fromKind` (and, when given, exactly the content
 * `fromState`): of two concurrent claims exactly one wins.
 */
export async function claimChatState(db: Database, platform: string, chatId: string, fromKind: string, toKind: string, state: string, fromState?: string): Promise<boolean> {
  const claimed = await db.chatSession.updateMany({ where: { platform, chatId, kind: fromKind, ...(fromState === undefined ? {} : { state: fromState }) }, data: { kind: toKind, state } });
  return claimed.count === 1;
}

export async function rememberMessage(db: Database, message: RememberedMessage): Promise<void> {
  await db.chatMessage.create({ data: message });
}

export async function messagesOfStep(db: Database, platform: string, instanceId: string, stepId: string, purpose: string): Promise<RememberedMessage[]> {
  const rows = await db.chatMessage.findMany({ where: { platform, instanceId, stepId, purpose } });
  return rows.map((row) => ({ ...row, instanceId: row.instanceId ?? instanceId, stepId: row.stepId ?? stepId }));
}

export async function forgetMessages(db: Database, ids: string[]): Promise<void> {
  await db.chatMessage.deleteMany({ where: { id: { in: ids } } });
}
