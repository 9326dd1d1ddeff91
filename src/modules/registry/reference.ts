/**
 * Reference data loading: divisions (统计用区划代码) and industries (GB/T 4754-2017) from the CSV files
 * in data/, plus one statistical office per city, county and township division. Idempotent: rows
 * are upserted, so a newer file updates names without touching units.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { getSetting, setSetting } from '../../platform/settings.ts';

export interface ReferenceFiles {
  divisions: string;
  industries: string;
  groupings: string;
}

export function referenceFiles(dataDir: string): ReferenceFiles {
  return {
    divisions: path.join(dataDir, 'ningbo-divisions-2023.csv'),
    industries: path.join(dataDir, 'gbt4754-2017-industries.csv'),
    groupings: path.join(dataDir, 'industry-groupings.json'),
  };
}

const readCsv = (file: string) =>
  parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];

const OFFICE_NAME: Record<string, (name: string) => string> = {
  city: (n) => `${n}统计局`,
  county: (n) => `${n}统计局`,
  township: (n) => `${n}统计站`,
};

async function upsertChunks(
  db: Kysely<any>,
  table: string,
  rows: Record<string, unknown>[],
  key: string,
  update: string[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column(key).doUpdateSet(Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/** Loads divisions, industries, groupings and offices; returns counts. */
export async function loadReferenceData(db: Db, files: ReferenceFiles) {
  // Reference files rarely change: skip the upserts (most of a warm start) when their digest
  // matches the one recorded at the last load.
  const digest = createHash('sha256');
  for (const f of [files.divisions, files.industries, files.groupings]) {
    digest.update(f).update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  }
  const fingerprint = digest.digest('hex');
  if ((await getSetting<string>(db, 'registry.reference_digest')) === fingerprint) return null;
  const divisions = readCsv(files.divisions).map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parent_code: r.parent || null,
    source: 'NBS 统计用区划代码 2023',
  }));
  const industries = readCsv(files.industries).map((r) => ({
    code: r.code,
    level: r.level,
    parent_code: r.parent || null,
    section: r.section,
    name: r.name,
  }));
  const groupings = fs.existsSync(files.groupings)
    ? (JSON.parse(fs.readFileSync(files.groupings, 'utf8')) as {
        id: string;
        name: string;
        nameEn?: string;
        source?: string;
        codes: string[];
      }[])
    : [];
  await db.transaction().execute(async (trx) => {
    await upsertChunks(trx, 'registry.divisions', divisions, 'code', [
      'name',
      'level',
      'parent_code',
      'source',
    ]);
    // Parents before children so the self-reference holds.
    const order = { section: 0, division: 1, group: 2, class: 3 } as Record<string, number>;
    industries.sort((a, b) => order[a.level] - order[b.level]);
    await upsertChunks(trx, 'registry.industries', industries, 'code', [
      'level',
      'parent_code',
      'section',
      'name',
    ]);
    if (groupings.length) {
      await upsertChunks(
        trx,
        'registry.industry_groupings',
        groupings.map((g) => ({
          id: g.id,
          name: g.name,
          name_en: g.nameEn ?? null,
          source: g.source ?? null,
          codes: g.codes,
        })),
        'id',
        ['name', 'name_en', 'source', 'codes'],
      );
    }
    const offices = divisions
      .filter((d) => d.level in OFFICE_NAME)
      .map((d) => ({
        id: `office-${d.code}`,
        name: OFFICE_NAME[d.level](d.name),
        level: d.level,
        division_code: d.code,
      }));
    await upsertChunks(trx, 'registry.offices', offices, 'id', ['name', 'level']);
  });
  await setSetting(db, 'registry.reference_digest', fingerprint);
  return { divisions: divisions.length, industries: industries.length, groupings: groupings.length };
}
