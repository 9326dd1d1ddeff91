/**
 * `api.public`: what the public sees at an instant `at` (docs/design/publication.md). Every read
 * filters on the release minute, so nothing staged for a later minute is seen, counted, listed or
 * hinted at (code lists, period spans, updatedAt and version are all computed from visible rows).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';
import type { StatdbApi } from '../statdb/index.ts';
import type {
  PublicCell,
  PublicCode,
  PublicDatasetMeta,
  PublicDatasetSummary,
  PublicDimension,
  PublicRelease,
  PublicSelection,
} from './contract.ts';
import { CELL_DIMENSIONS } from './domain/staging.ts';
import {
  type DatasetRow,
  ordinalOfPeriod,
  periodOfOrdinal,
  pubDb,
  releasedMinutes,
  visibleAt,
  visibleSpans,
} from './repo.ts';

const text = (zh: string, en: string) => ({ zh, en });
const INDICATOR_LABEL = text('指标', 'Indicator');
const PERIOD_LABEL = text('时间', 'Period');

export function createPublicReads(deps: { db: Db; statdb: () => StatdbApi; logger: Logger }) {
  const db = pubDb(deps.db);
  const listeners = new Set<() => void>();

  function summary(
    r: DatasetRow,
    span: { first: number; last: number },
    updated: Date,
  ): PublicDatasetSummary {
    return {
      code: r.code,
      title: text(r.title_zh, r.title_en),
      description: text(r.description_zh, r.description_en),
      subject: r.subject,
      frequency: r.frequency,
      updatedAt: updated.toISOString(),
      firstPeriod: periodOfOrdinal(r.frequency, span.first),
      lastPeriod: periodOfOrdinal(r.frequency, span.last),
    };
  }

  async function datasets(at: Date): Promise<PublicDatasetSummary[]> {
    const spans = await visibleSpans(db, at);
    if (!spans.size) return [];
    const [rows, minutes] = await Promise.all([
      db
        .selectFrom('publication.datasets')
        .selectAll()
        .where('code', 'in', [...spans.keys()])
        .orderBy('code')
        .execute(),
      releasedMinutes(db, at, [...spans.keys()]),
    ]);
    return (rows as DatasetRow[]).map((r) => summary(r, spans.get(r.code)!, minutes.get(r.code)!));
  }

  async function dataset(code: string, at: Date): Promise<PublicDatasetMeta | null> {
    const span = (await visibleSpans(db, at, code)).get(code);
    if (!span) return null;
    const row = (await db
      .selectFrom('publication.datasets')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst()) as DatasetRow | undefined;
    if (!row) return null;
    const [codes, releases, indicators, lists] = await Promise.all([
      db
        .selectFrom('publication.dataset_codes')
        .select(['dimension', 'code', 'ord'])
        .where('dataset', '=', code)
        .where('visible_from', '<=', at)
        .orderBy('ord')
        .execute(),
      db
        .selectFrom('publication.stagings as s')
        .innerJoin('publication.releases as r', 'r.id', 's.release_id')
        .select(['r.id', 'r.title_zh', 'r.title_en', 'r.release_at'])
        .where('s.dataset', '=', code)
        .where('r.status', '=', 'scheduled')
        .where('r.release_at', '<=', at)
        .orderBy('r.release_at')
        .execute(),
      deps.statdb().indicators(row.indicators),
      deps.statdb().dimensions(),
    ]);
    const seen = (d: string) => new Set(codes.filter((c) => c.dimension === d).map((c) => c.code));
    const shownIndicators = seen('indicator');
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    const dimensions: PublicDimension[] = [
      {
        id: 'indicator',
        label: INDICATOR_LABEL,
        codes: row.indicators
          .filter((c) => shownIndicators.has(c))
          .map((c): PublicCode => {
            const i = byCode.get(c);
            return {
              code: c,
              label: i ? i.name : text(c, c),
              parent: null,
              ...(i ? { unit: i.unit, decimals: i.decimals } : {}),
            };
          }),
      },
      ...row.dimensions.map((d): PublicDimension => {
        const list = lists.find((l) => l.dimension === d)!;
        const shown = seen(d);
        return {
          id: d as PublicDimension['id'],
          label: list.name,
          codes: list.codes
            .filter((c) => shown.has(c.code))
            .map((c) => ({ code: c.code, label: c.name, parent: c.parent })),
        };
      }),
      {
        id: 'period',
        label: PERIOD_LABEL,
        codes: codes
          .filter((c) => c.dimension === 'period')
          .map((c) => ({ code: c.code, label: text(c.code, c.code), parent: null })),
      },
    ];
    const updated = releases.length ? releases[releases.length - 1]!.release_at : at;
    return {
      ...summary(row, span, updated),
      dimensions,
      notes: row.notes,
      source: row.source,
      releases: releases.map((r) => ({
        id: r.id,
        title: text(r.title_zh, r.title_en),
        releaseAt: r.release_at.toISOString(),
      })),
    };
  }

  // A dataset's frequency, asked by every cells query with periods: held until the next change.
  const frequencies = new Map<string, 'M' | 'Q' | 'A'>();
  async function frequencyOf(code: string) {
    const known = frequencies.get(code);
    if (known) return known;
    const row = await db
      .selectFrom('publication.datasets')
      .select('frequency')
      .where('code', '=', code)
      .executeTakeFirst();
    if (row) frequencies.set(code, row.frequency);
    return row?.frequency ?? null;
  }

  async function cells(code: string, sel: PublicSelection, at: Date): Promise<PublicCell[]> {
    let q = db
      .selectFrom('publication.observations')
      .select(['indicator', 'region', 'industry', 'size', 'regtype', 'period', 'value', 'status', 'note'])
      .where('dataset', '=', code)
      .where(visibleAt(at));
    for (const d of ['indicator', ...CELL_DIMENSIONS] as const) {
      const codes = sel[d];
      if (!codes) continue;
      if (!codes.length) return [];
      q = q.where(d, 'in', codes);
    }
    let periods: Set<string> | null = null;
    if (sel.period) {
      // A range of ordinals: the index on (dataset, indicator, region, period_ord …) then reads
      // one slice per region instead of probing every region × period pair; a selection with
      // gaps is narrowed here.
      const frequency = await frequencyOf(code);
      if (!frequency) return [];
      const ords = sel.period.map((p) => ordinalOfPeriod(frequency, p)).filter((o) => o !== null);
      if (!ords.length) return [];
      const [lo, hi] = [Math.min(...ords), Math.max(...ords)];
      q = q.where('period_ord', '>=', lo).where('period_ord', '<=', hi);
      if (new Set(ords).size !== hi - lo + 1) periods = new Set(sel.period);
    }
    const rows = await q
      .orderBy('indicator')
      .orderBy('region')
      .orderBy('industry')
      .orderBy('size')
      .orderBy('regtype')
      .orderBy('period_ord')
      .execute();
    return periods ? rows.filter((r) => periods.has(r.period)) : rows;
  }

  async function calendar(range: { from: Date; to: Date }, at: Date): Promise<PublicRelease[]> {
    const rows = await db
      .selectFrom('publication.releases')
      .select(['id', 'title_zh', 'title_en', 'kind', 'release_at'])
      .where('status', '=', 'scheduled')
      .where('release_at', '>=', range.from)
      .where('release_at', '<=', range.to)
      .orderBy('release_at')
      .orderBy('id')
      .execute();
    const released = rows.filter((r) => r.release_at.getTime() <= at.getTime()).map((r) => r.id);
    const stagings = released.length
      ? await db
          .selectFrom('publication.stagings')
          .select(['release_id', 'dataset'])
          .where('release_id', 'in', released)
          .orderBy('dataset')
          .execute()
      : [];
    return rows.map((r) => {
      const isReleased = r.release_at.getTime() <= at.getTime();
      return {
        id: r.id,
        title: text(r.title_zh, r.title_en),
        kind: r.kind,
        releaseAt: r.release_at.toISOString(),
        released: isReleased,
        datasets: isReleased ? stagings.filter((s) => s.release_id === r.id).map((s) => s.dataset) : [],
      };
    });
  }

  async function nextChangeAfter(at: Date): Promise<Date | null> {
    const row = await db
      .selectFrom('publication.releases')
      .select((eb) => eb.fn.min('release_at').as('next'))
      .where('status', '=', 'scheduled')
      .where('release_at', '>', at)
      .executeTakeFirst();
    return row?.next ? new Date(row.next as unknown as Date) : null;
  }

  /**
   * A digest of everything visible at `at`: the released releases with their stagings (fixed
   * once released), the calendar's public fields, and the definitions of datasets with visible
   * data. Staging for a later minute touches none of these, so it cannot change the version.
   */
  async function version(at: Date): Promise<string> {
    const { rows } = await sql<{ released: string | null; calendar: string | null; defs: string | null }>`
      select
        (select string_agg(r.id || '@' || extract(epoch from r.release_at)::text || ':' || s.dataset || ':'
                           || extract(epoch from s.staged_at)::text, ',' order by r.release_at, r.id, s.dataset)
           from publication.releases r join publication.stagings s on s.release_id = r.id
          where r.status = 'scheduled' and r.release_at <= ${at}) as released,
        (select count(*)::text || ':' || coalesce(extract(epoch from max(updated_at))::text, '')
           from publication.releases) as calendar,
        (select string_agg(d.code || ':' || extract(epoch from d.updated_at)::text, ',' order by d.code)
           from publication.datasets d
          where exists (select 1 from publication.dataset_codes c
                         where c.dataset = d.code and c.visible_from <= ${at})) as defs`.execute(deps.db);
    const r = rows[0]!;
    return createHash('sha256')
      .update(JSON.stringify([r.released, r.calendar, r.defs]))
      .digest('base64url')
      .slice(0, 22);
  }

  return {
    api: {
      datasets,
      dataset,
      cells,
      calendar,
      nextChangeAfter,
      version,
      /** Listens to committed changes (staging, cancelling, moving, definitions); returns the unsubscribe. */
      onChanged(listener: () => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    /** Tells the listeners (after a commit). */
    tell() {
      frequencies.clear();
      for (const listener of listeners) {
        try {
          listener();
        } catch (e) {
          deps.logger.error({ err: e }, 'publication change listener failed');
        }
      }
    },
  };
}
