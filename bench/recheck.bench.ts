/**
 * Batch re-check of a period (issue 3, "Performance"): rule evaluations per second on one core,
 * (a) the engine alone over records already in memory — per record (bind one record, run the
 * outcome-only path of the 60-rule set) and in batch (the period bound once into a slot table,
 * the generated code run over it: what a re-check uses) — and (b) end to end through
 * `service.recheck`: reading the period's values, stored outcomes and previous periods by pages,
 * evaluating, and rewriting what changed. Three end-to-end runs: the first check of a period
 * loaded without results (everything written), the same after a rule change (a new version in
 * force: everything rewritten, 5 rules newly failing per submission), and once more with nothing
 * changed (read and evaluate only). On PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test, in a scratch database) and PGlite, in one run.
 *
 * The period's submissions are loaded straight into collection's tables with a few bulk
 * statements (going through the HTTP API would take most of the run): BENCH_RECHECK_UNITS units,
 * each with the measured period and the one before, submitted.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { stringify } from 'yaml';
import type { Platform } from '../src/app.ts';
import { createRuleSetCache } from '../src/modules/collection/rule-sets.ts';
import { type CollectionService, createCollectionService } from '../src/modules/collection/service.ts';
import {
  bindRecord,
  compileBatch,
  evaluateOutcomes,
  type RecordData,
} from '../src/modules/validation/index.ts';
import type { Actor } from '../src/platform/auth.ts';
import { formDefinition, valuesFor } from './bench-form.ts';
import { benchPlatform } from './scratch-db.ts';

const UNITS = Number(process.env.BENCH_RECHECK_UNITS ?? 5_000);
const ENGINE_PASSES = 5;
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PERIOD = '2025-06';
const PREVIOUS = '2025-05';

const admin: Actor = {
  accountId: 'bench',
  username: 'bench',
  displayName: 'bench',
  role: 'admin',
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'session',
  sessionId: null,
};
const ctx = { actor: admin, ip: '127.0.0.1', userAgent: 'recheck.bench' };

/** Loads UNITS units' submissions of PERIOD and PREVIOUS (submitted, no rule results yet). */
async function load(platform: Platform, formId: string, versionId: string): Promise<string[]> {
  const db = platform.database.db;
  const units = Array.from({ length: UNITS }, () => randomUUID());
  const CHUNK = 500;
  for (const [periodIndex, period] of [
    [0, PREVIOUS],
    [1, PERIOD],
  ] as const) {
    for (let i = 0; i < UNITS; i += CHUNK) {
      const ids = units.slice(i, i + CHUNK);
      await sql`
        insert into collection.submissions
          (unit_id, form_id, period, status, form_version_id, form_version_number, last_seq, submitted_at)
        select u, ${formId}, ${period}, 'submitted', ${versionId}, 1, 1, now()
        from unnest(${ids}::uuid[]) as u`.execute(db);
      const cu: string[] = [];
      const ind: string[] = [];
      const num: string[] = [];
      ids.forEach((id, k) => {
        for (const [ref, v] of Object.entries(valuesFor(i + k, periodIndex))) {
          cu.push(id);
          ind.push(ref.slice(0, ref.indexOf('.')));
          num.push(v);
        }
      });
      await sql`
        insert into collection.cell_values (unit_id, form_id, period, indicator, column_code, num)
        select g.u, ${formId}, ${period}, g.i, 'current', g.n
        from unnest(${cu}::uuid[], ${ind}::text[], ${num}::numeric[]) as g(u, i, n)`.execute(db);
    }
  }
  if (platform.database.engine === 'postgres') await sql`analyze`.execute(db);
  return units;
}

async function activate(platform: Platform, def: unknown) {
  const surveys = platform.modules.surveys.api.service;
  const imported = await surveys.importDefinition(null, stringify(def));
  const version = await surveys.activateVersion(null, imported.id);
  return { formId: version.formId as string, versionId: version.id as string };
}

/** The engine alone: every record bound and all rules run, over records already in memory. */
async function engineOnly(platform: Platform, formId: string, units: string[]) {
  // The compiled set the server uses, compiled the way the server compiles it.
  const version = (await platform.modules.surveys.api.service.definitionFor(formId, PERIOD))!;
  const set = createRuleSetCache(platform.logger).get(version, []);
  const records: RecordData[] = units.map((_, u) => ({
    values: valuesFor(u, 1),
    previous: valuesFor(u, 0),
    lastYear: null,
    otherForms: {},
  }));
  // The per-record path (bind one record, run every rule's closure) …
  const out = new Uint8Array(set.rules.length);
  let t0 = performance.now();
  for (const data of records) evaluateOutcomes(set, bindRecord(set, data), out);
  const perRecord = { evaluations: records.length * out.length, seconds: (performance.now() - t0) / 1000 };
  // … and the batch path a re-check uses: the period bound once into a slot table, then all rules
  // run over it (ENGINE_PASSES times, as after successive rule changes).
  const batch = compileBatch(set);
  t0 = performance.now();
  const table = batch.bind(records);
  const bindSeconds = (performance.now() - t0) / 1000;
  const codes = new Uint8Array(records.length * set.rules.length);
  t0 = performance.now();
  for (let pass = 0; pass < ENGINE_PASSES; pass++) batch.run(table, codes);
  const runSeconds = (performance.now() - t0) / 1000;
  let failing = 0;
  for (const c of codes) if (c === 1) failing++;
  return {
    perRecord,
    mode: batch.mode,
    bindSeconds,
    evaluations: ENGINE_PASSES * codes.length,
    seconds: runSeconds,
    failing,
  };
}

const rate = (n: number, s: number) => `${(n / s / 1e6).toFixed(2)} M/s`;

async function runOn(backend: 'PostgreSQL' | 'PGlite') {
  const { platform, drop } = await benchPlatform(backend, 'recheck', PG_URL);
  try {
    const t0 = performance.now();
    const { formId, versionId } = await activate(platform, formDefinition());
    const units = await load(platform, formId, versionId);
    console.log(
      `${backend}: ${UNITS} units × 2 periods loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    // A service of its own: the one inside the platform is the same code, but this one is
    // reachable without HTTP.
    const service = createCollectionService({
      db: platform.database.db,
      logger: platform.logger,
      surveys: () => platform.modules.surveys.api.service as any,
      registry: () => platform.modules.registry.api.service as any,
    });

    const engine = await engineOnly(platform, formId, units);
    console.log(
      `  engine only, per record (bind + outcomes)       ${String(engine.perRecord.evaluations).padStart(10)} evaluations in ${engine.perRecord.seconds.toFixed(2)} s  ${rate(engine.perRecord.evaluations, engine.perRecord.seconds)}`,
    );
    console.log(
      `  engine only, batch (${engine.mode}, ${ENGINE_PASSES} runs)          ${String(engine.evaluations).padStart(10)} evaluations in ${engine.seconds.toFixed(2)} s  ${rate(engine.evaluations, engine.seconds)} (+ ${engine.bindSeconds.toFixed(2)} s to bind the period once: ${rate(engine.evaluations / ENGINE_PASSES, engine.seconds / ENGINE_PASSES + engine.bindSeconds)} including it)`,
    );
    const show = (label: string, r: Awaited<ReturnType<CollectionService['recheck']>>) =>
      console.log(
        `  ${label.padEnd(38)} ${String(r.ruleEvaluations).padStart(10)} evaluations in ${r.seconds.toFixed(2)} s  ${rate(r.ruleEvaluations, r.seconds)} end to end, ${rate(r.ruleEvaluations, r.engineSeconds)} in the engine; rewritten ${r.rewritten}, newly failing ${r.newlyFailing}, newly passing ${r.newlyPassing}`,
      );
    show('first check (all results written)', await service.recheck(ctx, formId, PERIOD));
    await activate(platform, formDefinition({ tighten: true, version: { number: 2, from: PERIOD } }));
    show('after a rule change (all rewritten)', await service.recheck(ctx, formId, PERIOD));
    show('nothing changed (read + evaluate)', await service.recheck(ctx, formId, PERIOD));
  } finally {
    await platform.close();
    await drop();
  }
}

console.log(`recheck: batch re-check of a period, ${UNITS} submissions of a 100-cell form with 60 rules`);
const backends = (process.env.BENCH_BACKENDS ?? 'PostgreSQL,PGlite').split(',') as (
  | 'PostgreSQL'
  | 'PGlite'
)[];
for (const b of backends) await runOn(b);
