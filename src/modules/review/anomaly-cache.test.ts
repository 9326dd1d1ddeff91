import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnomalyCache } from './anomalies.ts';
import type { FormAnomalies } from './domain/anomalies.ts';

const result = (period: string): FormAnomalies => ({ period, bases: [], units: 0, tests: [], flagged: [] });

/** A load that counts its calls and resolves when told. */
function loader() {
  const calls: ((r: FormAnomalies) => void)[] = [];
  const load = () => new Promise<FormAnomalies>((resolve) => calls.push(resolve));
  return { load, calls };
}

/** Lets settled promises run their callbacks (timers are real; only Date is faked). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const submitted = (formId: string, action = 'collection.submitted', before: unknown = null) => ({
  action,
  entityType: 'submission',
  entityId: `unit-1/${formId}/2026-10`,
  before,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AnomalyCache', () => {
  it('shares a read in progress and keeps its result', async () => {
    const cache = new AnomalyCache();
    const { load, calls } = loader();
    const a = cache.get('f1', '2026-10', load);
    const b = cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(1);
    calls[0](result('2026-10'));
    expect(await a).toBe(await b);
    await cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(1);
  });

  it("forgets a form's results when its values change, and only that form's", async () => {
    const cache = new AnomalyCache();
    const { load, calls } = loader();
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    const f1 = cache.get('f1', '2026-10', load);
    const f2 = cache.get('f2', '2026-10', load);
    calls[0](result('a'));
    calls[1](result('b'));
    await Promise.all([f1, f2]);
    // Work that changes no values keeps everything.
    cache.seen({ action: 'review.approved', entityType: 'submission', entityId: 'unit-1/f1/2026-10' });
    cache.seen(submitted('f1', 'collection.draft_saved', { status: 'draft' }));
    cache.seen({ action: 'sign_in.succeeded', entityType: 'account' });
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(2);
    // A submission of f1 drops f1 only.
    cache.seen(submitted('f1'));
    cache.get('f2', '2026-10', load);
    expect(calls).toHaveLength(2);
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(3);
    // A read begun just after the change is shared but not kept; later ones are.
    calls[2](result('c'));
    await tick();
    vi.setSystemTime(5_000);
    const later = cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(4);
    calls[3](result('d'));
    await later;
    await tick();
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(4);
    // A draft saved over a returned form changes what reviewers see.
    cache.seen(submitted('f1', 'collection.draft_saved', { status: 'returned' }));
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(5);
    // A final approval drops the periods compared with it: the next one and next year's.
    for (const period of ['2026-10', '2026-11', '2027-10', '2026-12'])
      cache.get('f2', period, () => Promise.resolve(result(period)));
    await tick();
    const before = calls.length;
    cache.seen({ action: 'review.approved_final', entityType: 'submission', entityId: 'u/f2/2026-10' });
    const reread: string[] = [];
    for (const period of ['2026-10', '2026-11', '2027-10', '2026-12'])
      cache.get('f2', period, () => {
        reread.push(period);
        return load();
      });
    expect(reread).toEqual(['2026-10', '2026-11', '2027-10']);
    calls.length = before;
    // A new form version drops every form.
    cache.seen({ action: 'surveys.version.activated', entityType: 'form_version', entityId: 'v' });
    cache.get('f2', '2026-10', load);
    expect(calls).toHaveLength(6);
  });

  it('does not keep a read begun just after a change, nor one older than the TTL', async () => {
    const cache = new AnomalyCache();
    const { load, calls } = loader();
    vi.useFakeTimers({ now: 100_000, toFake: ['Date'] });
    cache.seen(submitted('f1'));
    calls.length = 0;
    cache.get('f1', '2026-10', load);
    calls[0](result('x'));
    await tick();
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(2); // not kept: begun within the settling time
    calls[1](result('y'));
    await tick();
    vi.setSystemTime(103_000);
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(3);
    calls[2](result('z'));
    await tick();
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(3); // kept
    vi.setSystemTime(114_000);
    cache.get('f1', '2026-10', load);
    expect(calls).toHaveLength(4); // older than the TTL
  });
});
