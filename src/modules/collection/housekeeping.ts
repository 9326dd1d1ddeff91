/**
 * Housekeeping of online reporting: idempotency keys (the first answer to an API submission,
 * kept so a client's retry gets the same answer) are needed for as long as a client may retry —
 * minutes to days — not for ever. Keys older than the retention are deleted once a day; a retry
 * after that is a new request (and a second submission of a submitted form is refused anyway).
 */
import { Cron } from 'croner';
import { sql } from 'kysely';
import type { Logger } from '../../platform/logging.ts';
import type { CollectionDb } from './repo.ts';

/** How long an idempotency key answers retries. */
export const IDEMPOTENCY_RETENTION_DAYS = 30;
const DAY = 86_400_000;

export function createHousekeeping(deps: { db: CollectionDb; logger: Logger; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  let job: Cron | null = null;
  let running: Promise<unknown> | null = null;

  /** Deletes idempotency keys older than the retention, in batches; returns how many. */
  async function pruneIdempotencyKeys(retentionDays = IDEMPOTENCY_RETENTION_DAYS): Promise<number> {
    const before = new Date(now().getTime() - retentionDays * DAY);
    let total = 0;
    for (;;) {
      // Batches keep each statement (and, on PGlite, each hold of the one connection) short.
      const { rows } = await sql<{ unit_id: string }>`
        delete from collection.idempotency_keys
        where (unit_id, key) in (
          select unit_id, key from collection.idempotency_keys where created_at < ${before} limit 5000)
        returning unit_id`.execute(deps.db);
      total += rows.length;
      if (rows.length < 5000) return total;
    }
  }

  return {
    pruneIdempotencyKeys,
    /** Daily at 03:17 Beijing time (`serve` only). */
    start(pattern = '17 3 * * *') {
      if (job) return;
      job = new Cron(
        pattern,
        { protect: true, timezone: 'Asia/Shanghai', name: 'collection.housekeeping' },
        async () => {
          running = pruneIdempotencyKeys().then(
            (n) => deps.logger.info({ pruned: n }, 'idempotency keys pruned'),
            (e) => deps.logger.error({ err: e }, 'idempotency key pruning failed'),
          );
          await running;
        },
      );
    },
    async stop() {
      job?.stop();
      job = null;
      await running;
    },
  };
}
