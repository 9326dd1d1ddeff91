/**
 * Keeps the schema honest: every foreign key has an index that starts with its columns (otherwise
 * deletes and joins on the referenced table scan the whole referencing table).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('database schema', () => {
  it('indexes every foreign key', async () => {
    const { rows } = await sql<{ fk: string; tbl: string; cols: string }>`
      select c.conname as fk, c.conrelid::regclass::text as tbl,
             array_to_string(array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i), ',') as cols
      from pg_constraint c
      where c.contype = 'f'
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey
        )`.execute(t.database.db);
    expect(rows.map((r) => `${r.tbl}(${r.cols}) [${r.fk}]`)).toEqual([]);
  });

  it('keeps every module in its own schema (nothing in public but extensions)', async () => {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')`.execute(t.database.db);
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});
