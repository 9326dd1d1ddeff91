/**
 * The database: one SQL dialect (PostgreSQL) on two engines — PGlite (PostgreSQL in WASM, embedded,
 * the default) or a PostgreSQL server when DATABASE_URL is set. Both return the same JS types:
 * int8 → number, numeric → string (exact decimals stay exact), date → 'YYYY-MM-DD', timestamptz → Date.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';

export type Engine = 'pglite' | 'postgres';

/** Every module's Kysely instance; modules narrow it to their own tables (`Kysely<RegistryTables>`). */
export type Db = Kysely<any>;

export interface Database {
  db: Db;
  engine: Engine;
  /** The raw PGlite instance (embedded engine only): used for backups and test snapshots. */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Marks a hot statement to be kept prepared on each PostgreSQL connection (`sql\`${PREPARED} …\``):
 * the server parses and plans its text once per connection instead of once per call, and the
 * text is not sent again. Only for statements whose text takes few shapes (not `in (…)` lists
 * of varying length): each distinct text stays prepared for the connection's life. A comment, so
 * PGlite and logs read it as nothing.
 */
export const PREPARED_MARK = '/* prepared */';

const preparedNames = new Map<string, string>();

function prepareMarked(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...a: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && text.startsWith(PREPARED_MARK)) {
      let name = preparedNames.get(text);
      if (!name) {
        name = `tongji_${createHash('sha1').update(text).digest('hex')}`;
        preparedNames.set(text, name);
      }
      return query({ name, text, values: rest[0] }, ...rest.slice(1));
    }
    return query(text, ...rest);
  };
}

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

const parseInt8 = (v: string) => Number(v);
const keepText = (v: string) => v;

export type DatabaseTarget =
  | { engine: 'pglite'; dataDir: string | null; loadDataDir?: Blob }
  | { engine: 'postgres'; url: string; max?: number };

/** Opens the database named by the configuration. `dataDir: null` is an in-memory PGlite (tests). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.engine === 'postgres') {
    const types = {
      getTypeParser: (oid: number, format?: any) => {
        if (oid === OID.int8) return parseInt8;
        if (oid === OID.numeric || oid === OID.date) return keepText;
        return pg.types.getTypeParser(oid, format);
      },
    };
    const pool = new pg.Pool({ connectionString: target.url, max: target.max ?? 10, types });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    pool.on('connect', prepareMarked);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: {
      [OID.int8]: parseInt8,
      [OID.numeric]: keepText,
      [OID.date]: keepText,
    },
  });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
    },
  };
}
