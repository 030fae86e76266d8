import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediumLabelFile } from '../../src/backup/destination.js';
import { presentMedia, type StorageMediumConfig } from '../../src/service/media.js';

describe('presentMedia', () => {
  it('names the media whose mount point carries their label now, and no other', async () => {
    const attached = mkdtempSync(join(tmpdir(), 'cadang-medium-'));
    writeFileSync(join(attached, mediumLabelFile), 'HDD-PTID-01\n');
    const wrongDisk = mkdtempSync(join(tmpdir(), 'cadang-medium-'));
    writeFileSync(join(wrongDisk, mediumLabelFile), 'HDD-LAIN\n');
    const media = [
      { label: 'HDD-PTID-01', kind: 'external-disk', mountPoint: attached },
      { label: 'HDD-PTID-02', kind: 'external-disk', mountPoint: wrongDisk },
      { label: 'HDD-PTID-03', kind: 'external-disk', mountPoint: join(attached, 'nowhere') },
    ] as StorageMediumConfig[];
    expect([...(await presentMedia(media))]).toEqual(['HDD-PTID-01']);
  });
});
