import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database.js';
import {
  accountOf, findPeople, findPersonByEmail, findPersonById, findPersonByAccount, findPersonByNip, holdersOfRole, linkAccount, listPeople, rolesOf, type AccountPlatform, type PersonRecord,
} from '../storage/people-repository.js';
import {
  claimChatState, clearChatState, createChatState, forgetMessages, loadChatState, messagesOfStep, rememberMessage, saveChatState, type RememberedMessage,
} from '../storage/chat-repository.js';
import { confirmLink, listLinkEvents, recordLinkEvent, type AccountLinkEntry } from '../storage/account-link-repository.js';
import { findDecision, findInstance, findOpenDeadline, listInstancesOfRequester, listTrail, loadInstance } from '../storage/workflow-repository.js';

export type { PersonRecord, AccountPlatform, RememberedMessage, AccountLinkEntry };
export type { TrailEntry } from '../storage/workflow-repository.js';

/**
 * What the chat layer may read and keep, bound to the service's database: people and their
 * accounts, runs and their trails, and a chat's own state (a form in progress, cards it may edit).
 * The chat layer reaches storage only through this, so it never holds a database client.
 */
export function createDirectory(db: Database, organisationId: string, now: () => Date) {
  return {
    person: (id: string) => findPersonById(db, id),
    personByNip: (nip: string) => findPersonByNip(db, organisationId, nip),
    /** The person whose staff record has this email (case-insensitive), or null. */
    personByEmail: (email: string) => findPersonByEmail(db, organisationId, email),
    personByAccount: (platform: AccountPlatform, userId: string) => findPersonByAccount(db, platform, userId),
    accountOf: (personId: string, platform: AccountPlatform) => accountOf(db, personId, platform),
    linkAccount: (platform: AccountPlatform, userId: string, personId: string, linkedBy: string) => linkAccount(db, platform, userId, personId, linkedBy),
    /** The account-link audit trail: requests, approvals, rejections, refused confirmations. */
    linkTrail: {
      record: (entry: AccountLinkEntry) => recordLinkEvent(db, entry),
      /** An administrator's approval: the link (linkedBy "Name (NIP)") and its trail entry in one transaction. */
      confirm: (entry: AccountLinkEntry & { personId: string; actorName: string; actorNip: string }) => confirmLink(db, entry),
      list: (filter?: Parameters<typeof listLinkEvents>[1]) => listLinkEvents(db, filter),
    },
    findPeople: (query: string) => findPeople(db, organisationId, query),
    listPeople: () => listPeople(db, organisationId),
    rolesOf: (personId: string) => rolesOf(db, personId, now()),
    holdersOfRole: (role: string, organisation: string = organisationId) => holdersOfRole(db, organisation, role, now()),

    run: (id: string) => loadInstance(db, id),
    /** A run by number ("12", "#12") or id. */
    findRun: (reference: string) => findInstance(db, organisationId, reference),
    runsOfRequester: (personId: string) => listInstancesOfRequester(db, personId),
    trail: (instanceId: string) => listTrail(db, instanceId),
    decision: (instanceId: string, stepId: string) => findDecision(db, instanceId, stepId),
    openDeadline: (instanceId: string, stepId: string) => findOpenDeadline(db, instanceId, stepId),

    /** A chat's unfinished business (JSON the chat layer parses), by platform and chat. */
    chatState: {
      load: (platform: string, chatId: string) => loadChatState(db, platform, chatId),
      save: (platform: string, chatId: string, kind: string, state: string) => saveChatState(db, platform, chatId, kind, state),
      clear: (platform: string, chatId: string) => clearChatState(db, platform, chatId),
      /** Stores a state only if the chat has none: of two concurrent creations exactly one wins (true). */
      create: (platform: string, chatId: string, kind: string, state: string) => createChatState(db, platform, chatId, kind, state),
      /** Compare-and-set on the state's kind (and content, when `fromState` is given): of two concurrent claims exactly one wins. */
      claim: (platform: string, chatId: string, fromKind: string, toKind: string, state: string, fromState?: string) => claimChatState(db, platform, chatId, fromKind, toKind, state, fromState),
    },
    /** Messages the chat may edit later (cards, progress). */
    messages: {
      remember: (message: Omit<RememberedMessage, 'id'>) => rememberMessage(db, { id: randomUUID(), ...message }),
      ofStep: (platform: string, instanceId: string, stepId: string, purpose: string) => messagesOfStep(db, platform, instanceId, stepId, purpose),
      forget: (ids: string[]) => forgetMessages(db, ids),
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;
