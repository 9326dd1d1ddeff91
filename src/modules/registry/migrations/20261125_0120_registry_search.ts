import { type Kysely, sql } from 'kysely';

/**
 * Register text search for Chinese names. pg_trgm cannot serve the typical query: most searches
 * are two or three Chinese characters ("机械", "宁波恒达"), which yield no complete trigram, so a
 * trigram index falls back to scanning everything (measured in bench/registry.bench.ts). Instead
 * each unit carries the distinct character pairs (bigrams) of its name and credit code, lower-cased, in a GIN-indexed array (written by the application with every name or code,
 * see domain/search-grams.ts): a search for q first narrows to units whose grams contain all of
 * q's grams (an index lookup), then checks the exact substring. The trigram indexes, no longer
 * used, are dropped so writes stay cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table registry.units add column search_grams text[] not null default '{}'`.execute(db);
  // Units written before this migration get their grams here, once.
  await sql`
    update registry.units u set search_grams = (
      select coalesce(array_agg(distinct g), '{}') from (
        select substr(lower(t), i, 2) as g from generate_series(1, length(t) - 1) as i
      ) s
    ) from (select id, name || ' ' || credit_code as t from registry.units) x
    where x.id = u.id`.execute(db);
  await sql`create index units_search_grams_idx on registry.units using gin (search_grams)`.execute(db);
  await sql`drop index registry.units_name_trgm`.execute(db);
  await sql`drop index registry.units_credit_code_trgm`.execute(db);
}
