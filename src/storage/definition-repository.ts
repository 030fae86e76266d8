import { randomUUID } from 'node:crypto';
import { definitionSchema, type WorkflowDefinition } from '../workflow/definition-schema.js';
import type { Database } from './database.js';

/**
 * Keeps every version of every SOP an organisation has used, so a run started under version 1
 * still finds its steps after the institution loads version 2.
 */
export async function saveDefinition(db: Database, organisationId: string, definition: WorkflowDefinition, source: string): Promise<void> {
  const key = { organisationId_key_version: { organisationId, key: definition.key, version: definition.version } };
  const body = JSON.stringify(definition);
  await db.workflowDefinition.upsert({ where: key, create: { id: randomUUID(), organisationId, key: definition.key, version: definition.version, source, body }, update: { source, body } });
}

export async function loadDefinition(db: Database, organisationId: string, key: string, version: number): Promise<WorkflowDefinition | null> {
  const row = await db.workflowDefinition.findUnique({ where: { organisationId_key_version: { organisationId, key, version } } });
  return row ? definitionSchema.parse(JSON.parse(row.body)) : null;
}
