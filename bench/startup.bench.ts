/**
 * Start to ready on PGlite: a first run (migrations, reference data, the default demo seed with its three years of history)
 * and a warm restart on the same data folder. Measured from process spawn to the server's
 * "ready" line, so it includes Node and tsx start-up as a user sees it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function startOnce(dataDir: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        TONGJI_DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('tongji ready')) {
        const ms = performance.now() - t0;
        child.kill('SIGTERM');
        child.on('exit', () => resolve(ms));
      }
    });
    child.on('exit', (code) => {
      if (!out.includes('tongji ready')) reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-bench-start-'));
try {
  const first = await startOnce(dataDir, 3917);
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) warm.push(await startOnce(dataDir, 3917));
  warm.sort((a, b) => a - b);
  console.log(
    `startup on PGlite, first run (migrate + reference + demo seed): ${(first / 1000).toFixed(1)} s`,
  );
  console.log(`startup on PGlite, warm restart (median of 3): ${(warm[1] / 1000).toFixed(1)} s`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
