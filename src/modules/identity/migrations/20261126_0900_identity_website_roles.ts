import { type Kysely, sql } from 'kysely';

/** The public website's staff: 网站编辑 (editor) and 信息发布审核员 (publisher), bound to nothing. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table identity.accounts drop constraint accounts_role_check`.execute(db);
  await sql`alter table identity.accounts add constraint accounts_role_check check (role in ('enterprise','township_statistician','county_statistician','city_statistician','designer','admin','editor','publisher'))`.execute(
    db,
  );
  await sql`alter table identity.accounts drop constraint accounts_binding`.execute(db);
  await sql`
    alter table identity.accounts add constraint accounts_binding check (
      (role = 'enterprise' and unit_id is not null and office_id is null)
      or (role like '%_statistician' and office_id is not null and division_code is not null and unit_id is null)
      or (role in ('designer','admin','editor','publisher') and unit_id is null)
    )`.execute(db);
}
