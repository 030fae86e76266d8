import { randomBytes } from 'node:crypto';

/**
 * Button data: a kind letter and ids, at most 64 bytes. A decision button names the run, the
 * step and the choice by position (`d:<uuid>:<step>:<choice>`, 44 bytes); the state itself stays
 * in the database.
 */
export type ButtonAction =
  | { kind: 'decide'; instanceId: string; stepIndex: number; choiceIndex: number }
  /** `form` names the conversation the button belongs to, so a button of an earlier form answers nothing in a later one. */
  | { kind: 'form'; form: string; action: 'use-default' | 'pick' | 'send' | 'edit' | 'edit-field' | 'cancel' | 'resume' | 'restart'; value: number }
  | { kind: 'select'; form: string; action: 'toggle' | 'done' | 'cancel'; value: number }
  /** The cancel button on a running backup's progress message (`c:<uuid>`). */
  | { kind: 'cancel-job'; instanceId: string };

/** A fresh id for a conversation's buttons (8 characters): never the same for two forms. */
export function newFormId(): string {
  return randomBytes(6).toString('base64url');
}

export function encodeButton(action: ButtonAction): string {
  switch (action.kind) {
    case 'decide':
      return `d:${action.instanceId}:${action.stepIndex}:${action.choiceIndex}`;
    case 'form':
      return `f:${action.form}:${action.action}:${action.value}`;
    case 'select':
      return `s:${action.form}:${action.action}:${action.value}`;
    case 'cancel-job':
      return `c:${action.instanceId}`;
  }
}

/** Reads button data; anything malformed (an old client, a forged tap) gives undefined. */
export function decodeButton(data: string): ButtonAction | undefined {
  const [kind, a, b, c] = data.split(':');
  if (kind === 'd' && a && /^\d+$/.test(b ?? '') && /^\d+$/.test(c ?? '')) return { kind: 'decide', instanceId: a, stepIndex: Number(b), choiceIndex: Number(c) };
  const formActions = ['use-default', 'pick', 'send', 'edit', 'edit-field', 'cancel', 'resume', 'restart'] as const;
  if (kind === 'f' && a && formActions.includes(b as never) && /^\d+$/.test(c ?? '')) return { kind: 'form', form: a, action: b as (typeof formActions)[number], value: Number(c) };
  const selectActions = ['toggle', 'done', 'cancel'] as const;
  if (kind === 's' && a && selectActions.includes(b as never) && /^\d+$/.test(c ?? '')) return { kind: 'select', form: a, action: b as (typeof selectActions)[number], value: Number(c) };
  if (kind === 'c' && a && b === undefined) return { kind: 'cancel-job', instanceId: a };
  return undefined;
}
