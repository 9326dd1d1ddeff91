/**
 * The draft being typed (草稿): entered values and explanations, what the server last saved, and
 * autosave — debounced, one save in flight at a time, sending only what changed since the last
 * save with the row version the server expects (optimistic concurrency: a save over someone
 * else's change answers 409 and autosave stops until the person reloads).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, asProblem } from '../../../api/problem.ts';
import { collectionApi, type Entry, type Submission } from '../api.ts';
import { changedCells, type RuleOutcome } from './checks.ts';

export const AUTOSAVE_DELAY_MS = 1200;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error'; error: ApiProblem }
  | { kind: 'conflict'; current: number };

/** The server's answer to a save or submit, as the page keeps it. */
export interface ServerState {
  status: Submission['status'];
  version: number;
  results: RuleOutcome[];
  counts: Submission['counts'];
  updatedAt: string | null;
}

function serverState(
  s: Pick<Submission, 'status' | 'version' | 'results' | 'counts' | 'updatedAt'>,
): ServerState {
  return {
    status: s.status,
    version: s.version,
    results: s.results.map((r) => ({ ...r, source: 'server' as const })),
    counts: s.counts,
    updatedAt: s.updatedAt,
  };
}

/** The entered cells of an entry view, as text. */
export function enteredValues(entry: Pick<Entry, 'cells'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of entry.cells) if (c.source === 'entered' && c.value !== null) out[c.ref] = c.value;
  return out;
}

function explanationsOf(entry: Pick<Entry, 'explanations'>): Record<string, string> {
  return Object.fromEntries(entry.explanations.map((e) => [e.ruleId, e.body]));
}

function changedExplanations(saved: Record<string, string>, current: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(current)) if ((saved[k] ?? '') !== v) out[k] = v;
  for (const k of Object.keys(saved)) if (!(k in current)) out[k] = '';
  return out;
}

export function useDraft(
  entry: Entry,
  opts: { editable: boolean; invalidCells: (values: Record<string, string>) => Set<string> },
) {
  const [values, setValues] = useState<Record<string, string>>(() => enteredValues(entry));
  const [explanations, setExplanations] = useState<Record<string, string>>(() => explanationsOf(entry));
  const [server, setServer] = useState<ServerState>(() => serverState(entry));
  const [save, setSave] = useState<SaveState>(() =>
    entry.updatedAt ? { kind: 'saved', at: entry.updatedAt } : { kind: 'idle' },
  );
  // What the server holds, and the version it holds it at: refs, because saves chain.
  const saved = useRef({ values: enteredValues(entry), explanations: explanationsOf(entry) });
  const version = useRef(entry.version);
  const current = useRef({ values, explanations });
  current.current = { values, explanations };
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const saveNow = useCallback(
    async (reason: 'autosave' | 'save' = 'autosave'): Promise<void> => {
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      if (stopped.current || !optsRef.current.editable) return;
      while (inFlight.current) await inFlight.current;
      const snapshot = current.current;
      // Cells that fail the cell checks are not sent: the server would refuse the whole save.
      const bad = optsRef.current.invalidCells(snapshot.values);
      const sendable = Object.fromEntries(Object.entries(snapshot.values).filter(([k]) => !bad.has(k)));
      const keep = Object.fromEntries(Object.entries(saved.current.values).filter(([k]) => bad.has(k)));
      const changes = changedCells(saved.current.values, { ...sendable, ...keep });
      const expl = changedExplanations(saved.current.explanations, snapshot.explanations);
      if (
        !Object.keys(changes).length &&
        !Object.keys(expl).length &&
        reason === 'autosave' &&
        version.current > 0
      ) {
        setSave((s) =>
          s.kind === 'pending' ? (bad.size ? s : { kind: 'saved', at: new Date().toISOString() }) : s,
        );
        return;
      }
      setSave({ kind: 'saving' });
      const run = (async () => {
        try {
          const res = await collectionApi.saveDraft(entry.formId, entry.period, {
            values: changes,
            explanations: Object.keys(expl).length ? expl : undefined,
            version: version.current,
            reason,
          });
          version.current = res.version;
          saved.current = {
            values: { ...sendable, ...keep },
            explanations: { ...snapshot.explanations },
          };
          setServer(serverState(res));
          // Typed meanwhile: the timer set by that change saves it; until then it is pending.
          const dirty =
            Object.keys(changedCells(saved.current.values, current.current.values)).length > 0 ||
            Object.keys(changedExplanations(saved.current.explanations, current.current.explanations))
              .length > 0;
          setSave(
            dirty ? { kind: 'pending' } : { kind: 'saved', at: res.updatedAt ?? new Date().toISOString() },
          );
        } catch (e) {
          const p = asProblem(e);
          if (p.status === 409) {
            stopped.current = true;
            const current = (p.details as { current?: number } | undefined)?.current;
            setSave({
              kind: 'conflict',
              current: typeof current === 'number' ? current : version.current + 1,
            });
          } else setSave({ kind: 'error', error: p });
        }
      })();
      inFlight.current = run;
      await run;
      inFlight.current = null;
    },
    [entry.formId, entry.period],
  );

  const schedule = useCallback(() => {
    if (stopped.current) return;
    setSave({ kind: 'pending' });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow('autosave'), AUTOSAVE_DELAY_MS);
  }, [saveNow]);

  const setValue = useCallback(
    (ref: string, value: string) => {
      setValues((v) => ({ ...v, [ref]: value }));
      schedule();
    },
    [schedule],
  );
  const setExplanation = useCallback(
    (ruleId: string, body: string) => {
      setExplanations((x) => ({ ...x, [ruleId]: body }));
      schedule();
    },
    [schedule],
  );

  // Leaving the page saves what is pending; the browser asks before closing with unsaved work.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (timer.current || inFlight.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (timer.current) {
        clearTimeout(timer.current);
        void saveNow('autosave');
      }
    };
  }, [saveNow]);

  /** Waits for pending saves, then submits everything entered; the server decides. */
  const submit = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    while (inFlight.current) await inFlight.current;
    const snapshot = current.current;
    const res = await collectionApi.submit(entry.formId, entry.period, {
      values: Object.fromEntries(Object.entries(snapshot.values).map(([k, v]) => [k, v === '' ? null : v])),
      explanations: snapshot.explanations,
      version: version.current,
    });
    version.current = res.version;
    setServer(serverState(res));
    stopped.current = true;
    return res;
  }, [entry.formId, entry.period]);

  return { values, explanations, server, save, setValue, setExplanation, saveNow, submit };
}

export { ApiProblem };
