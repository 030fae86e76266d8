/**
 * Button data: a kind letter and ids, at most 64 bytes. A decision button names the run, the
 * step and the choice by position (`d:<uuid>:<step>:<choice>`, 44 bytes); the state itself stays
 * in the database.
 */
export type ButtonAction =
  | { kind: 'decide'; instanceId: string; stepIndex: number; choiceIndex: number }
  | { kind: 'form'; action: 'use-default' | 'pick' | 'send' | 'edit' | 'edit-field' | 'cancel'; value: number }
  | { kind: 'select'; action: 'toggle' | 'done' | 'cancel'; value: number }
  /** The cancel button on a running backup's progress message (`c:<uuid>`). */
  | { kind: 'cancel-job'; instanceId: string };

export function encodeButton(action: ButtonAction): string {
  switch (action.kind) {
    case 'decide':
      return `d:${action.instanceId}:${action.stepIndex}:${action.choiceIndex}`;
    case 'form':
      return `f:${action.action}:${action.value}`;
    case 'select':
      return `s:${action.action}:${action.value}`;
    case 'cancel-job':
      return `c:${action.instanceId}`;
  }
}

/** Reads button data; anything malformed (an old client, a forged tap) gives undefined. */
export function decodeButton(data: string): ButtonAction | undefined {
  const [kind, a, b, c] = data.split(':');
  if (kind === 'd' && a && /^\d+$/.test(b ?? '') && /^\d+$/.test(c ?? '')) return { kind: 'decide', instanceId: a, stepIndex: Number(b), choiceIndex: Number(c) };
  const formActions = ['use-default', 'pick', 'send', 'edit', 'edit-field', 'cancel'] as const;
  if (kind === 'f' && formActions.includes(a as never) && /^\d+$/.test(b ?? '')) return { kind: 'form', action: a as (typeof formActions)[number], value: Number(b) };
  const selectActions = ['toggle', 'done', 'cancel'] as const;
  if (kind === 's' && selectActions.includes(a as never) && /^\d+$/.test(b ?? '')) return { kind: 'select', action: a as (typeof selectActions)[number], value: Number(b) };
  if (kind === 'c' && a && b === undefined) return { kind: 'cancel-job', instanceId: a };
  return undefined;
}
