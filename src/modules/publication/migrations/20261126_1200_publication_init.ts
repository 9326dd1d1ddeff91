import { type Kysely, sql } from 'kysely';

/**
 * Publication (发布): the release calendar, the public datasets and their public observations.
 *
 * Nothing is copied at a release minute: staging writes rows with `visible_from` = the release's
 * minute, and every public read filters `visible_from <= at < coalesce(visible_to, ∞)`. A revised
 * value closes the row before it (`visible_to` = the new row's `visible_from`), so an earlier `at`
 * still reads the old figure. Observations carry `dataset` first in every key: under Citus they
 * distribute by dataset (a public query reads one dataset, so one shard) and carry `period` too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists publication`.execute(db);

  // 发布日程: a release is "released" once not cancelled and release_at <= the clock's instant.
  await sql`
    create table publication.releases (
      id text primary key,
      title_zh text not null,
      title_en text not null,
      kind text not null check (kind in ('data', 'bulletin', 'analysis', 'other')),
      release_at timestamptz not null check (date_trunc('minute', release_at) = release_at),
      description_zh text not null default '',
      description_en text not null default '',
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index releases_at_idx on publication.releases (release_at)`.execute(db);

  // 公开数据表: a public table over statdb indicators of one frequency.
  await sql`
    create table publication.datasets (
      code text primary key,
      title_zh text not null,
      title_en text not null,
      description_zh text not null default '',
      description_en text not null default '',
      subject text not null,
      frequency text not null check (frequency in ('M', 'Q', 'A')),
      indicators text[] not null,
      dimensions text[] not null,
      notes jsonb not null default '[]',
      source text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // What a release stages of a dataset (the selection, the revision note, what it wrote).
  await sql`
    create table publication.stagings (
      release_id text not null references publication.releases (id),
      dataset text not null references publication.datasets (code),
      from_period text,
      to_period text,
      codes jsonb not null default '{}',
      note text,
      added int not null,
      revised int not null,
      restated int not null,
      unchanged int not null,
      staged_by text not null,
      staged_at timestamptz not null default now(),
      primary key (release_id, dataset)
    )`.execute(db);
  await sql`create index stagings_dataset_idx on publication.stagings (dataset)`.execute(db);

  await sql`
    create table publication.observations (
      dataset text not null,
      period text not null,
      id bigserial not null,
      period_ord int not null,
      indicator text not null,
      region text not null,
      industry text not null,
      size text not null,
      regtype text not null,
      value numeric not null,
      status text not null check (status in ('preliminary', 'revised', 'final')),
      note text,
      release_id text not null,
      visible_from timestamptz not null,
      visible_to timestamptz,
      primary key (dataset, period, id),
      check (visible_to is null or visible_to > visible_from)
    )`.execute(db);
  // Public cell reads (one indicator × some regions × a period range at an instant) and the
  // uniqueness of one row per cell and minute.
  await sql`
    create unique index observations_cell_idx on publication.observations
      (dataset, indicator, region, period_ord, industry, size, regtype, visible_from)`.execute(db);
  // Moving, unstaging and cancelling touch one release's rows.
  await sql`create index observations_release_idx on publication.observations (release_id, dataset)`.execute(
    db,
  );
}
