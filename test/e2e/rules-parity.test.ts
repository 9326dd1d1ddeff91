/**
 * Browser = server = batch (issue 3): one compiled rule set gives the same answers in Chromium
 * (the form's live check), in Node at submission (evaluateRuleSet, authoritative) and in batch
 * re-checks (compileBatch, generated code or closures). The validation module is built with Vite
 * as the web app is, into a page of its own served through a route, so this needs no server; the
 * cases are drawn from seeds by the same generators as the property test
 * (src/modules/validation/domain/generators.ts): random forms, rules with message templates, and
 * records with blanks, zeros, negatives, long decimals, values near and beyond 2^53, invalid text
 * and unreported periods.
 *
 *   npx vitest run --config vitest.e2e.config.ts test/e2e/rules-parity.test.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerParitySeeds, type ParityAnswer } from '../../src/modules/validation/domain/parity.ts';
import { launch } from './browser.ts';

const FROM = 90_001;
const SEEDS = 300;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  // Built as the web app is (Vite, production mode, minified), into a script that sets a global.
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    mode: 'production',
    build: {
      write: false,
      minify: true,
      lib: {
        entry: path.join(root, 'src/modules/validation/domain/parity.ts'),
        formats: ['iife'],
        name: 'tongjiParity',
      },
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as { output: { code: string }[] };
  bundle = result.output[0].code;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * A page served (through a route, no server) with the bundled rule language as its own script and
 * an optional Content-Security-Policy header, which computes the answers itself once loaded. The
 * page's own script must do the work: code run through page.evaluate is exempt from the
 * policy's eval check, so it would prove nothing about 'unsafe-eval'.
 */
async function answersInPage(csp?: string): Promise<ParityAnswer[]> {
  const page = await browser.newPage();
  const files: Record<string, [string, string]> = {
    '/': [
      'text/html; charset=utf-8',
      '<!doctype html><html lang="en"><title>rules</title><script src="/rules.js"></script><script src="/run.js"></script></html>',
    ],
    '/rules.js': ['text/javascript; charset=utf-8', bundle],
    '/run.js': [
      'text/javascript; charset=utf-8',
      `setTimeout(() => { window.answers = JSON.stringify(tongjiParity.answerParitySeeds(${FROM}, ${SEEDS})); });`,
    ],
  };
  await page.route('http://rules.test/**', (route) => {
    const file = files[new URL(route.request().url()).pathname];
    if (!file) return route.fulfill({ status: 404 });
    return route.fulfill({
      contentType: file[0],
      headers: csp ? { 'Content-Security-Policy': csp } : {},
      body: file[1],
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('http://rules.test/');
  const handle = await page.waitForFunction(
    () => (window as unknown as { answers?: string }).answers,
    undefined,
    {
      timeout: 100_000,
      polling: 250,
    },
  );
  const json = (await handle.jsonValue()) as string;
  await page.close();
  expect(errors).toEqual([]);
  return JSON.parse(json);
}

const CODE = { pass: 0, fail: 1, na: 2 } as const;

/** Every side's answer equals the server's, seed by seed (so a failure names its seed). */
function expectSame(side: string, got: ParityAnswer[], server: ParityAnswer[]) {
  expect(got.length).toBe(server.length);
  for (let i = 0; i < server.length; i++) {
    expect(got[i].results, `${side}, seed ${server[i].seed}: results`).toEqual(server[i].results);
    expect(got[i].batch, `${side}, seed ${server[i].seed}: batch`).toEqual(server[i].batch);
  }
}

describe('browser = server = batch', () => {
  let server: ParityAnswer[];

  beforeAll(() => {
    server = answerParitySeeds(FROM, SEEDS);
  });

  it('in Node, batch outcome codes (generated code and closures) equal the server results', () => {
    const closures = answerParitySeeds(FROM, SEEDS, { generate: false });
    expect(server.every((a) => a.mode === 'code')).toBe(true);
    expect(closures.every((a) => a.mode === 'closures')).toBe(true);
    expectSame('Node closures', closures, server);
    const counts = [0, 0, 0, 0];
    for (const a of server) {
      const fromResults = a.results.flatMap((rs) => rs.map((r) => CODE[r.outcome]));
      expect(a.batch, `seed ${a.seed}`).toEqual(fromResults);
      for (const c of a.batch) counts[c]++;
    }
    // The cases cover every outcome, and messages were rendered for them.
    expect(counts[0]).toBeGreaterThan(1000);
    expect(counts[1]).toBeGreaterThan(1000);
    expect(counts[2]).toBeGreaterThan(1000);
    expect(server.flatMap((a) => a.results.flat()).filter((r) => r.message).length).toBeGreaterThan(2000);
  });

  it(`in Chromium, ${SEEDS} random cases give the server's results and batch codes`, async () => {
    const got = await answersInPage();
    expect(got.every((a) => a.mode === 'code')).toBe(true);
    expectSame('Chromium', got, server);
  });

  it("in Chromium under a CSP without 'unsafe-eval', batch runs the closures and still agrees", async () => {
    // The web app's kind of policy: scripts from its own origin only.
    const got = await answersInPage("default-src 'none'; script-src 'self'");
    // The policy really forbade generated code: the batch fell back to the closure compiler.
    expect(got.every((a) => a.mode === 'closures')).toBe(true);
    expectSame('Chromium with CSP', got, server);
  });
});
