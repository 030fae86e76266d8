import { describe, expect, it } from 'vitest';
import { DefinitionRegistry } from '../../src/service/definitions.js';
import { requesterRole, type WorkflowDefinition } from '../../src/workflow/definition-schema.js';
import { startInstance, stepById, transition } from '../../src/workflow/engine.js';
import { textOf } from '../../src/workflow/form-fields.js';

const definitions = DefinitionRegistry.load([], process.cwd(), 'id').all();
const form = {
  tanggal: '2026-11-23', satker: 'Biro Umum', nama: 'Siti Rahmawati', nomor_hp: '081234567890', nip: '199202292015032001',
  email: 'siti@contoh.go.id', nama_server: 'srv-simpeg', nama_aplikasi: '', nama_folder: '', alasan: 'Migrasi server SIMPEG ke pusat data baru',
};

/** The roles a text names, by title ("Kabid PJKKD", "Kasubbag Umum dan Keuangan") or by the role's own name ("korektor"). */
function rolesNamedIn(definition: WorkflowDefinition, text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(definition.roles).filter(([id, role]) => {
    const names = [id.replace(/_/g, ' '), textOf(role.title, 'id'), textOf(role.title, 'id').replace(/\s*\(.*\)$/, '')].map((name) => name.toLowerCase());
    return names.some((name) => new RegExp(`(^|[^\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(lower));
  }).map(([id]) => id);
}

describe('each SOP step notifies whom the SOP names', () => {
  for (const definition of definitions) {
    for (const step of definition.steps) {
      if (step.kind !== 'human') continue;
      for (const choice of step.choices) {
        it(`${definition.key}: step ${step.number} "${textOf(choice.label, 'id')}" reaches every role its text names`, () => {
          const at = new Date('2026-11-23T02:00:00Z');
          const { instance } = startInstance(definition, { id: 'run', organisationId: 'contoh', number: 1, requesterId: 'siti', at });
          const here = { ...instance, currentStep: step.id, data: { ...instance.data, form, targets: ['simpeg-db'], medium: 'HDD-PTID-01' } };
          const result = transition(definition, here, {
            type: 'choose', stepId: step.id, choiceId: choice.id, at, reason: 'Alasan yang cukup panjang untuk dicatat',
            inputs: { targets: ['simpeg-db'], medium: 'HDD-PTID-01' }, form,
            actor: { personId: 'siti', name: 'Orang', nip: '199202292015032001', role: step.role },
          });
          if (!result.ok) throw new Error(`${choice.id}: ${result.refusal.code}`);
          const next = stepById(definition, choice.next);
          const reached = new Set<string>([step.role]);
          for (const effect of result.effects) {
            if (effect.type === 'request-decision') reached.add(effect.role);
            if (effect.type === 'inform-role') reached.add(effect.role);
            if (effect.type === 'inform-requester') reached.add(requesterRole);
          }
          if (next.kind === 'system') reached.add(next.role); // the progress message and the task's result go to its role
          const named = rolesNamedIn(definition, `${textOf(step.title, 'id')} ${textOf(choice.label, 'id')}`);
          expect(named.filter((role) => !reached.has(role))).toEqual([]);
        });
      }
    }
  }
});
