/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another (the
 * machines are small and shared; benchmarks must not compete with each other), and prints their
 * figures. `npm run bench -- registry` runs only files whose name contains "registry".
 * New benchmarks register themselves by their name (collection, recheck, registry, startup …);
 * shared helpers such as bench-form.ts are not benchmarks and are not run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n=== ${f} ===\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
