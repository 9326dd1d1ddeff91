/**
 * A scratch PostgreSQL database for a benchmark: created (dropped first if a crashed run left it)
 * on the server `serverUrl` names, and dropped again with `drop()`, closing any connection left.
 */
import pg from 'pg';
import { withDatabase } from '../test/support/global-setup.ts';

async function onServer(serverUrl: string, text: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function scratchDatabase(serverUrl: string, name: string) {
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
  await onServer(serverUrl, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
