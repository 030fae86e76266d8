import { loadBuiltinDefinitions } from '../../src/workflow/builtin/index.js';
import type { WorkflowDefinition } from '../../src/workflow/definition-schema.js';
import type { Actor } from '../../src/workflow/types.js';

const definitions = loadBuiltinDefinitions();
export const sopA = definitions.find((d) => d.key === 'sop_a_backup_terjadwal') as WorkflowDefinition;
export const sopB = definitions.find((d) => d.key === 'sop_b_backup_server') as WorkflowDefinition;

/** An actor holding `role`, with a made-up but valid NIP. */
export function actorFor(role: string, personId = role): Actor {
  return { personId, name: `Pejabat ${role}`, nip: '198504122010011003', role };
}

export const validRequestForm = {
  tanggal: '2026-11-23',
  satker: 'Pusat Teknologi Keselamatan Reaktor',
  nama: 'Siti Rahmawati',
  nomor_hp: '0812 3456 7890',
  nip: '199202292015032001',
  email: 'siti@batan.go.id',
  nama_server: 'srv-simpeg',
  nama_aplikasi: '',
  nama_folder: '',
  alasan: 'Migrasi server kepegawaian',
};
