/** 公开数据表: define and edit public datasets over statdb indicators (422 listing every problem). */
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { type DatasetInput, DatasetInput as DatasetSchema } from './contract.ts';
import { publicationProblems as P, type PublicationIssue } from './problems.ts';
import { type DatasetRow, pubDb, releasedMinutes } from './repo.ts';
import {
  nameOf,
  problem,
  RELEASE_MANAGERS,
  type ServiceCore,
  type ServiceDeps,
  type Who,
} from './service-core.ts';

export function createDatasets(deps: ServiceDeps, core: ServiceCore) {
  const { db, datasetView, datasetRow, audit } = core;

  async function listDatasets(actor: Actor) {
    assertRole(actor, RELEASE_MANAGERS);
    const rows = (await db
      .selectFrom('publication.datasets')
      .selectAll()
      .orderBy('code')
      .execute()) as DatasetRow[];
    const since = await releasedMinutes(db, deps.clock.now());
    return { items: rows.map((r) => datasetView(r, since.get(r.code) ?? null)) };
  }

  async function getDataset(actor: Actor, code: string) {
    assertRole(actor, RELEASE_MANAGERS);
    const row = await datasetRow(deps.db, code);
    const since = await releasedMinutes(db, deps.clock.now(), [code]);
    return datasetView(row, since.get(code) ?? null);
  }

  /** Checks a definition against statdb: indicators exist, share a frequency, have the dimensions. */
  async function checkDefinition(trx: Db, d: DatasetInput, old: DatasetRow | null) {
    const parsed = DatasetSchema.parse(d);
    const problems: PublicationIssue[] = [];
    const found = new Map((await deps.statdb().indicators(parsed.indicators, trx)).map((i) => [i.code, i]));
    parsed.indicators.forEach((code, i) => {
      if (parsed.indicators.indexOf(code) !== i)
        problems.push(
          problem(
            `indicators.${i}`,
            'duplicate',
            code,
            `指标 ${code} 重复`,
            `Indicator ${code} is listed twice`,
          ),
        );
      const ind = found.get(code);
      if (!ind) {
        problems.push(
          problem(
            `indicators.${i}`,
            'unknown_indicator',
            code,
            `综合数据库没有指标 ${code}`,
            `No indicator ${code} in the statistical database`,
          ),
        );
        return;
      }
      for (const dim of parsed.dimensions)
        if (!ind.dimensions.includes(dim))
          problems.push(
            problem(
              'dimensions',
              'unknown_dimension',
              dim,
              `指标 ${code} 没有维度 ${dim}`,
              `Indicator ${code} has no dimension ${dim}`,
            ),
          );
    });
    const frequencies = [...new Set([...found.values()].map((i) => i.frequency))];
    if (frequencies.length > 1)
      problems.push(
        problem(
          'indicators',
          'mixed_frequency',
          frequencies.join(','),
          `指标的频率不一致（${frequencies.join('、')}），一个数据表只能有一种频率`,
          `The indicators have different frequencies (${frequencies.join(', ')}); a dataset has one`,
        ),
      );
    if (old) {
      const staged = await pubDb(trx)
        .selectFrom('publication.stagings')
        .select('release_id')
        .where('dataset', '=', old.code)
        .executeTakeFirst();
      if (staged) {
        for (const c of old.indicators)
          if (!parsed.indicators.includes(c))
            problems.push(
              problem(
                'indicators',
                'staged_indicator',
                c,
                `指标 ${c} 已有暂存或公开的数据，不能移除`,
                `Indicator ${c} has staged or public data; it cannot be removed`,
              ),
            );
        for (const dim of old.dimensions)
          if (!parsed.dimensions.includes(dim as never))
            problems.push(
              problem(
                'dimensions',
                'staged_dimension',
                dim,
                `维度 ${dim} 已有暂存或公开的数据，不能移除`,
                `Dimension ${dim} has staged or public data; it cannot be removed`,
              ),
            );
      }
    }
    if (problems.length) throw P.invalid_dataset({ count: problems.length }, { issues: problems });
    return { parsed, frequency: frequencies[0]! };
  }

  async function saveDataset(who: Who, d: DatasetInput, mode: 'create' | 'edit') {
    if (who.actor) assertRole(who.actor, RELEASE_MANAGERS);
    const view = await deps.db.transaction().execute(async (trx) => {
      const old = (await pubDb(trx)
        .selectFrom('publication.datasets')
        .selectAll()
        .where('code', '=', d.code)
        .forUpdate()
        .executeTakeFirst()) as DatasetRow | undefined;
      if (mode === 'create' && old) throw P.dataset_exists({ code: d.code });
      if (mode === 'edit' && !old) throw P.dataset_not_found({ code: d.code });
      const { parsed, frequency } = await checkDefinition(trx, d, old ?? null);
      const row = {
        title_zh: parsed.title.zh,
        title_en: parsed.title.en,
        description_zh: parsed.description.zh,
        description_en: parsed.description.en,
        subject: parsed.subject,
        frequency,
        indicators: parsed.indicators,
        dimensions: parsed.dimensions,
        notes: JSON.stringify(parsed.notes) as unknown as { zh: string; en: string }[],
        source: parsed.source,
        updated_by: nameOf(who),
      };
      if (old)
        await pubDb(trx)
          .updateTable('publication.datasets')
          .set({ ...row, updated_at: new Date() })
          .where('code', '=', d.code)
          .execute();
      else
        await pubDb(trx)
          .insertInto('publication.datasets')
          .values({ code: parsed.code, ...row })
          .execute();
      const since = await releasedMinutes(pubDb(trx), deps.clock.now(), [d.code]);
      const after = datasetView(await datasetRow(trx, d.code), since.get(d.code) ?? null);
      await audit(trx, who, {
        action: old ? 'publication.dataset_updated' : 'publication.dataset_defined',
        entityType: 'publication.dataset',
        entityId: d.code,
        before: old ? datasetView(old, null) : null,
        after,
      });
      return after;
    });
    deps.changed();
    return view;
  }

  /** The statdb indicators a dataset can be defined over. */
  async function sources(actor: Actor) {
    assertRole(actor, RELEASE_MANAGERS);
    const items = await deps.statdb().indicators();
    return {
      items: items.map((i) => ({
        code: i.code,
        name: i.name,
        frequency: i.frequency,
        dimensions: i.dimensions,
      })),
    };
  }

  return {
    listDatasets,
    getDataset,
    createDataset: (who: Who, d: DatasetInput) => saveDataset(who, d, 'create'),
    editDataset: (who: Who, d: DatasetInput) => saveDataset(who, d, 'edit'),
    sources,
  };
}
