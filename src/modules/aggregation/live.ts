/**
 * Preliminary figures follow approvals (初步数实时发布): after a final approval or a reopening,
 * the form × period is marked and, shortly after, its totals are published into the statistical
 * database as preliminary (service.publishPreliminary) — in the background, so the approving
 * request never waits for it and a burst of approvals publishes once.
 *
 * Why two passes: the mark is made inside the approving transaction, before it commits; the
 * first pass (short delay) sees the commit in practice, the second (a few seconds later) catches a
 * transaction that was still open. Publishing unchanged figures writes nothing, so the second pass
 * is cheap.
 */
import type { Logger } from '../../platform/logging.ts';

export function createLivePublisher(deps: {
  publish: (formId: string, period: string) => Promise<number>;
  logger: Logger;
  delaysMs?: readonly number[];
}) {
  const delays = deps.delaysMs ?? [250, 3000];
  const pending = new Map<string, number>(); // key → passes still due
  const timers = new Set<NodeJS.Timeout>();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  async function run(keys: string[]) {
    for (const key of keys) {
      const [formId, period] = key.split('|') as [string, string];
      try {
        await deps.publish(formId, period);
      } catch (e) {
        deps.logger.warn({ err: e, formId, period }, 'preliminary figures not published');
      }
    }
  }

  function pass() {
    const keys = [...pending.keys()];
    for (const k of keys) {
      const left = (pending.get(k) ?? 1) - 1;
      if (left <= 0) pending.delete(k);
      else pending.set(k, left);
    }
    chain = chain.then(() => run(keys));
    return chain;
  }

  return {
    /** Marks a form × period whose approved data changed. */
    mark(formId: string, period: string) {
      if (stopped) return;
      pending.set(`${formId}|${period}`, delays.length);
      for (const ms of delays) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          void pass();
        }, ms);
        timer.unref();
        timers.add(timer);
      }
    },
    /** Publishes everything marked now and waits (tests, shutdown). */
    async flush() {
      while (pending.size) await pass();
      await chain;
    },
    /** Stops the timers and publishes what is still marked (the server closes, the database is still open). */
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      while (pending.size) await pass();
      await chain;
    },
  };
}
