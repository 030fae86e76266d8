import type { StorageMediumConfig } from '../backup/config.js';
import { isMediumPresent } from '../backup/destination.js';

export type { StorageMediumConfig };

/** The labels of the configured media that are attached now (their label file is readable), for the medium picker. */
export async function presentMedia(media: readonly StorageMediumConfig[]): Promise<Set<string>> {
  const present = await Promise.all(media.map(async (medium) => [medium.label, await isMediumPresent(medium)] as const));
  return new Set(present.filter(([, here]) => here).map(([label]) => label));
}
