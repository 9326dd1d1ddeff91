/**
 * Builds the web app (vite) when `dist/web/index.html` is missing or older than any file in
 * `web/` or the contracts it imports, so `npm install && npm start` on a fresh clone serves the UI.
 * Run by `npm prestart` and by the browser tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist/web/index.html');
const sources = [path.join(root, 'web'), path.join(root, 'vite.config.ts')];

/** Newest modification time (ms) of a file or of every file under a folder. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newest));
if (builtAt >= sourcesAt) {
  process.exit(0);
}
process.stdout.write(builtAt ? 'web app changed; rebuilding…\n' : 'building the web app (first run)…\n');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  process.stderr.write('vite build failed; the API still works but the web app will be missing\n');
  process.exit(result.status ?? 1);
}
