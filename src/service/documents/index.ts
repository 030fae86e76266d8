/**
 * The documents layer of the service: maps runs (state, trail, definition, configuration) into
 * the reports' inputs, and issues and posts documents as runs move.
 */
export { loadDocumentInput, buildDocumentInput } from './load-input.js';
export { createDocumentRunners, type DocumentRunnerParts, type DocumentRunners, type IssuedRecord } from './runners.js';
export { backupTaskDetailSchema, readBackupRecord, type BackupRecord } from './backup-result.js';
export { loadRunFacts, type DocumentsConfig, type RunFacts } from './run-facts.js';
export { findSignerRoles, type SignerRoles } from './signers.js';
