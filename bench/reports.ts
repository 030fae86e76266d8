/**
 * How long a berita acara takes to render, once the fonts are loaded: 10 and 300 items.
 * Target: under 200 ms for 300 items. Run: npm run bench:reports
 */
import { renderBeritaAcara } from '../src/reports/documents/berita-acara.js';
import { resolveRenderOptions } from '../src/reports/options.js';
import { sampleBeritaAcara, sampleProfile } from '../test/reports/fixtures.js';

const options = await resolveRenderOptions(sampleProfile());
const firstStart = performance.now();
await renderBeritaAcara(sampleBeritaAcara(10), options);
console.log(`first render (parses the fonts, warms up): ${(performance.now() - firstStart).toFixed(1)} ms`);

for (const items of [10, 300]) {
  const input = sampleBeritaAcara(items);
  // Warm the JIT on this size, then measure.
  for (let i = 0; i < 5; i += 1) await renderBeritaAcara(input, options);
  const runs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 15; i += 1) {
    const start = performance.now();
    bytes = (await renderBeritaAcara(input, options)).length;
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  console.log(
    `berita acara, ${String(items).padStart(3)} items: median ${median.toFixed(1)} ms, best ${runs[0]!.toFixed(1)} ms, worst ${runs.at(-1)!.toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB`,
  );
  if (items === 300 && median >= 200) console.log('  above the 200 ms target');
}
