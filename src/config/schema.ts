import { z } from 'zod';
import { backupConfigSchema } from '../backup/config.js';
import { reportsConfigSchema } from '../reports/config.js';

/** A person in the configuration file (the same fields as the CSV import). */
export const personEntrySchema = z
  .object({
    name: z.string().min(1),
    nip: z.string().min(1),
    mobile: z.string().optional(),
    email: z.string().optional(),
    satker: z.string().optional(),
    telegramUserId: z.union([z.string(), z.number()]).transform(String).optional(),
    slackUserId: z.string().optional(),
    locale: z.enum(['id', 'en']).optional(),
    roles: z.array(z.string()).default([]),
  })
  .strict();
export type PersonEntry = z.infer<typeof personEntrySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-12-01');

/** A delegation (Plh./Plt.): `delegate` holds `role` for `principal` from one date to another. */
export const delegationEntrySchema = z
  .object({
    role: z.string().min(1),
    delegate: z.string().min(1).describe('NIP of the person acting'),
    principal: z.string().min(1).describe('NIP of the person acted for'),
    from: isoDate,
    until: isoDate,
    kind: z.enum(['Plh.', 'Plt.']).default('Plh.'),
  })
  .strict();
export type DelegationEntry = z.infer<typeof delegationEntrySchema>;

export const configSchema = z
  .object({
    locale: z.enum(['id', 'en']).default('id'),
    database: z.object({ url: z.string().min(1).default('file:./data/cadang.db') }).strict().default({ url: 'file:./data/cadang.db' }),
    organisation: z
      .object({ id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and "-"'), name: z.string().min(1) })
      .strict()
      .default({ id: 'contoh', name: 'Organisasi Contoh' }),
    /** Extra SOP definition files (YAML or JSON), besides the two built-in SOPs. */
    sops: z.array(z.string()).default([]),
    /** Work units offered as choices in the request form. */
    satker: z.array(z.string().min(1)).default([]),
    people: z.array(personEntrySchema).default([]),
    delegations: z.array(delegationEntrySchema).default([]),
    telegram: z
      .object({ token: z.string().optional(), apiRoot: z.url().optional(), channelId: z.string().optional(), webhook: z.object({ url: z.url(), secretToken: z.string().min(1), port: z.number().int().default(8443) }).strict().optional() })
      .strict()
      .default({}),
    slack: z
      .object({
        botToken: z.string().optional(),
        signingSecret: z.string().optional(),
        channelId: z.string().optional(),
        /** An app-level token (xapp-…): Socket Mode instead of the HTTP endpoint. */
        appToken: z.string().optional(),
        /** The Web API base, e.g. a proxy (default https://slack.com/api/). */
        apiUrl: z.url().optional(),
        /** Port of the HTTP endpoint (/slack/events). */
        port: z.number().int().min(0).max(65535).default(3000),
      })
      .strict()
      .default({ port: 3000 }),
    backup: backupConfigSchema,
    reports: reportsConfigSchema,
  })
  .strict();

export type CadangConfig = z.infer<typeof configSchema>;
