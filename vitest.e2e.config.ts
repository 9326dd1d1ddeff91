/**
 * Browser tests: the real server (child process, fresh data folder, 300 demo units) driven by
 * Debian Chromium through playwright-core. `npm run test:e2e`; needs `/usr/bin/chromium`
 * (apt-get install -y chromium fonts-noto-cjk). No browser is ever downloaded.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One server, one data folder: the flows run one file at a time.
    fileParallelism: false,
    pool: 'forks',
  },
});
