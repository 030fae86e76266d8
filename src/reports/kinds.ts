/**
 * The documents Cadang renders; also the `kind` of archived documents and number sequences.
 * Apart from types.ts (zod and every input schema) so the CLI can list them for `--help` cheaply.
 */
export const documentKinds = ['berita-acara', 'checklist', 'backup-report', 'request-form', 'reply-letter'] as const;
export type DocumentKind = (typeof documentKinds)[number];
