/**
 * Register import and export (名录导入导出). Upload → every row checked → a stored preview listing
 * each bad row with its column and reason; nothing touches the register until the person
 * confirms, and then all rows are written in one transaction, or none.
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, divisionInScope, scopeOf } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { ImportPreview, ImportRowError, UnitQuery } from './contract.ts';
import { sizeClassOf } from './domain/size-class.ts';
import { registryProblems as P } from './problems.ts';
import { placeOf, type ReferenceCache } from './reference-cache.ts';
import { insertUnits, registryDb, UNIT_COLUMNS, type UnitValues, updateUnits, whereUnits } from './repo.ts';
import { type CleanRow, checkRow } from './row-check.ts';
import { REGISTER_WRITERS, type RegistryService } from './service.ts';
import {
  EXPORT_EXTRA_COLUMNS,
  type FileFormat,
  IMPORT_COLUMNS,
  mapHeaders,
  readSheet,
  sniffFormat,
  writeSheet,
} from './transfer.ts';

/** Largest file we take in rows; files are also limited in bytes by UPLOAD_LIMIT_BYTES. */
export const MAX_IMPORT_ROWS = 200_000;
const PREVIEW_HOURS = 24;

interface StoredRow extends CleanRow {
  /** Existing unit to update (upsert mode), with the version seen at preview. */
  existingId: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

export function createImportService(deps: { db: Db; service: RegistryService }) {
  const db = registryDb(deps.db);
  const { service } = deps;

  /** Existing units by credit code (chunked `in` lists), with the columns scope needs. */
  async function existingByCode(trx: typeof db, codes: string[]) {
    const out = new Map<string, { id: string; township_code: string }>();
    for (let i = 0; i < codes.length; i += 5000) {
      const rows = await trx
        .selectFrom('registry.units')
        .select(['id', 'credit_code', 'township_code'])
        .where('credit_code', 'in', codes.slice(i, i + 5000))
        .execute();
      for (const r of rows) out.set(r.credit_code, r);
    }
    return out;
  }

  function toValues(refs: ReferenceCache, r: CleanRow): UnitValues {
    const place = placeOf(refs, r.townshipCode)!;
    const status = r.status ?? 'active';
    return {
      credit_code: r.creditCode,
      name: r.name,
      township_code: r.townshipCode,
      county_code: place.countyCode,
      city_code: place.cityCode,
      industry_code: r.industryCode,
      section_code: refs.industries.get(r.industryCode)!.section,
      registration_type: r.registrationType,
      employees: r.employees,
      revenue_thousand_yuan: r.revenueThousandYuan,
      size_class: sizeClassOf({
        industryCode: r.industryCode,
        employees: r.employees,
        revenueThousandYuan: r.revenueThousandYuan,
      }),
      status,
      entry_date: r.entryDate ?? today(),
      exit_date: status === 'exited' ? (r.exitDate ?? today()) : null,
      address: r.address,
      contact_name: r.contactName,
      contact_phone: r.contactPhone,
      contact_email: r.contactEmail,
    };
  }

  const PREVIEW_COLUMNS = [
    'id',
    'file_name',
    'format',
    'mode',
    'status',
    'total_rows',
    'valid_rows',
    'inserts',
    'updates',
    'errors',
    'created_at',
    'expires_at',
  ] as const;

  function toPreview(b: {
    id: string;
    file_name: string | null;
    format: string;
    mode: string;
    status: string;
    total_rows: number;
    valid_rows: number;
    inserts: number;
    updates: number;
    errors: unknown;
    created_at: Date;
    expires_at: Date;
  }): ImportPreview {
    const errors = b.errors as ImportRowError[];
    return {
      id: b.id,
      fileName: b.file_name,
      format: b.format as FileFormat,
      mode: b.mode as ImportPreview['mode'],
      status: b.status as ImportPreview['status'],
      totalRows: b.total_rows,
      validRows: b.valid_rows,
      inserts: b.inserts,
      updates: b.updates,
      badRows: new Set(errors.map((e) => e.row)).size,
      errors,
      createdAt: b.created_at.toISOString(),
      expiresAt: b.expires_at.toISOString(),
    };
  }

  async function findBatch(actor: Actor, id: string) {
    const b = await db
      .selectFrom('registry.import_batches')
      .select(PREVIEW_COLUMNS)
      .where('id', '=', id)
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst();
    if (!b) throw P.import_not_found();
    return b;
  }

  return {
    /** Reads and checks a file; stores and returns the preview. Nothing is written to the register. */
    async preview(
      ctx: RequestContext,
      file: Buffer,
      opts: { format?: FileFormat; mode: 'upsert' | 'insert'; fileName?: string | null },
    ): Promise<ImportPreview> {
      assertRole(ctx.actor, REGISTER_WRITERS);
      const format =
        opts.format ?? (opts.fileName?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : sniffFormat(file));
      const sheet = await readSheet(file, format, MAX_IMPORT_ROWS);
      const keys = mapHeaders(sheet.headers);
      const missing = IMPORT_COLUMNS.filter((c) => c.required && !keys.includes(c.key));
      if (missing.length) {
        throw P.missing_columns(
          { columns: missing.map((c) => `${c.zh} (${c.key})`).join(', ') },
          { columns: missing.map((c) => c.key) },
        );
      }
      if (!sheet.rows.length) throw P.empty_file();
      const refs = await service.refs.get();
      const scope = scopeOf(ctx.actor);
      const rowCtx = {
        isTownship: (c: string) => refs.divisions.get(c)?.level === 'township',
        inScope: (c: string) => divisionInScope(scope, c),
        isClass: (c: string) => refs.industries.get(c)?.level === 'class',
      };
      const errors: ImportRowError[] = [];
      const clean: CleanRow[] = [];
      const firstLine = new Map<string, number>();
      for (const { line, cells } of sheet.rows) {
        const v: Record<string, string> = {};
        keys.forEach((k, i) => {
          if (k && v[k] === undefined) v[k] = cells[i] ?? '';
        });
        const r = checkRow(line, v, rowCtx);
        errors.push(...r.errors);
        const code = r.row?.creditCode;
        if (code) {
          const first = firstLine.get(code);
          if (first !== undefined) {
            errors.push({
              row: line,
              column: 'creditCode',
              code: 'duplicate_in_file',
              value: code,
              message: {
                'zh-CN': `统一社会信用代码与第 ${first} 行重复`,
                'en-US': `the credit code repeats row ${first}`,
              },
            });
            continue;
          }
          firstLine.set(code, line);
        }
        if (r.row) clean.push(r.row);
      }
      // Against the register: in insert mode any existing code is a duplicate; in upsert mode only
      // those the person may not update (outside their area) are.
      const existing = await existingByCode(
        db,
        clean.map((r) => r.creditCode),
      );
      const stored: StoredRow[] = [];
      for (const r of clean) {
        const e = existing.get(r.creditCode);
        if (e && (opts.mode === 'insert' || !divisionInScope(scope, e.township_code))) {
          const outside = opts.mode === 'upsert';
          errors.push({
            row: r.line,
            column: 'creditCode',
            code: 'duplicate_in_register',
            value: r.creditCode,
            message: outside
              ? {
                  'zh-CN': '该统一社会信用代码已在名录库中，且不在您的管辖范围内，不能更新',
                  'en-US':
                    'this credit code is already in the register outside your area; you cannot update it',
                }
              : {
                  'zh-CN': '该统一社会信用代码已在名录库中',
                  'en-US': 'this credit code is already in the register',
                },
          });
          continue;
        }
        stored.push({ ...r, existingId: e?.id ?? null });
      }
      errors.sort((a, b) => a.row - b.row);
      const updates = stored.filter((r) => r.existingId).length;
      const batch = await db
        .insertInto('registry.import_batches')
        .values({
          account_id: ctx.actor.accountId,
          file_name: opts.fileName ?? null,
          format,
          mode: opts.mode,
          total_rows: sheet.rows.length,
          // Good rows are counted even when bad rows keep the file from being confirmed;
          // only a clean file's rows are kept for the confirmation.
          valid_rows: stored.length,
          inserts: stored.length - updates,
          updates,
          rows: JSON.stringify(errors.length ? [] : stored),
          errors: JSON.stringify(errors),
          expires_at: new Date(Date.now() + PREVIEW_HOURS * 3600_000),
          confirmed_at: null,
        })
        .returning(PREVIEW_COLUMNS.filter((c) => c !== 'errors'))
        .executeTakeFirstOrThrow();
      return toPreview({ ...batch, errors });
    },

    async get(actor: Actor, id: string) {
      return toPreview(await findBatch(actor, id));
    },

    async discard(ctx: RequestContext, id: string) {
      const b = await findBatch(ctx.actor, id);
      if (b.status !== 'previewed') throw P.import_not_pending({ status: b.status });
      await db
        .updateTable('registry.import_batches')
        .set({ status: 'discarded', rows: '[]' })
        .where('id', '=', id)
        .execute();
    },

    /** Writes every row of a clean preview in one transaction, or nothing. */
    async confirm(ctx: RequestContext, id: string) {
      assertRole(ctx.actor, REGISTER_WRITERS);
      const refs = await service.refs.get();
      const scope = scopeOf(ctx.actor);
      return db.transaction().execute(async (trx) => {
        const b = await trx
          .selectFrom('registry.import_batches')
          .selectAll()
          .where('id', '=', id)
          .where('account_id', '=', ctx.actor.accountId)
          .forUpdate()
          .executeTakeFirst();
        if (!b) throw P.import_not_found();
        if (b.status !== 'previewed') throw P.import_not_pending({ status: b.status });
        if (b.expires_at.getTime() < Date.now()) throw P.import_expired();
        const errors = b.errors as ImportRowError[];
        if (errors.length) throw P.import_has_errors({ badRows: new Set(errors.map((e) => e.row)).size });
        const rows = b.rows as StoredRow[];
        // The register may have changed since the preview: re-check every code in this transaction.
        const now = await existingByCode(
          trx,
          rows.map((r) => r.creditCode),
        );
        const stale = rows.filter((r) => {
          const e = now.get(r.creditCode);
          return r.existingId ? !e || e.id !== r.existingId || !divisionInScope(scope, e.township_code) : !!e;
        });
        if (stale.length)
          throw P.import_stale({ count: stale.length }, { rows: stale.slice(0, 100).map((r) => r.line) });
        const inserts = rows.filter((r) => !r.existingId).map((r) => toValues(refs, r));
        const updates = rows
          .filter((r) => r.existingId)
          .map((r) => ({ ...toValues(refs, r), id: r.existingId! }));
        const before = updates.length
          ? await whereUnits(trx.selectFrom('registry.units').select(UNIT_COLUMNS), {
              unitIds: updates.map((u) => u.id),
            }).execute()
          : [];
        const inserted = await insertUnits(trx, inserts);
        await updateUnits(trx, updates);
        await trx
          .updateTable('registry.import_batches')
          .set({ status: 'confirmed', confirmed_at: new Date() })
          .where('id', '=', id)
          .execute();
        // One audit event for the batch: the inserted units by id, the updated ones before and after.
        await recordAudit(trx, ctx, {
          action: 'unit.imported',
          entityType: 'import_batch',
          entityId: id,
          before: before.map((r) => ({
            id: r.id,
            creditCode: r.credit_code,
            name: r.name,
            township: r.township_code,
            industry: r.industry_code,
            employees: r.employees,
            revenueThousandYuan: r.revenue_thousand_yuan,
            status: r.status,
            version: r.version,
          })),
          after: {
            inserted: inserted.map((r) => ({ id: r.id, creditCode: r.credit_code })),
            updated: updates,
          },
          details: {
            fileName: b.file_name,
            format: b.format,
            mode: b.mode,
            inserted: inserted.length,
            updated: updates.length,
          },
        });
        return { id, inserted: inserted.length, updated: updates.length };
      });
    },

    async template(format: FileFormat) {
      const example = {
        creditCode: '914403001922038216',
        name: '宁波示例机械有限公司',
        townshipCode: '330203001',
        industryCode: '3411',
        registrationType: '173',
        employees: 120,
        revenueThousandYuan: 56000,
        status: '在营',
        entryDate: '2026-01-01',
        address: '宁波市海曙区示例路 1 号',
        contactName: '张三',
        contactPhone: '0574-87000000',
        contactEmail: 'contact@example.com',
      };
      return writeSheet(format, IMPORT_COLUMNS, [example], IMPORT_COLUMNS);
    },

    /** The units of the current filter (inside the actor's scope) as a file that re-imports. */
    async export(actor: Actor, q: Omit<UnitQuery, 'page' | 'pageSize'>, format: FileFormat) {
      const p = await service.predicateOf(actor, q);
      const refs = await service.refs.get();
      const rows = await whereUnits(db.selectFrom('registry.units').select(UNIT_COLUMNS), p)
        .orderBy('credit_code')
        .limit(MAX_IMPORT_ROWS)
        .execute();
      const STATUS_ZH: Record<string, string> = { active: '在营', suspended: '停业', exited: '注销' };
      const SIZE_ZH: Record<string, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };
      const out = rows.map((r) => ({
        creditCode: r.credit_code,
        name: r.name,
        townshipCode: r.township_code,
        industryCode: r.industry_code,
        registrationType: r.registration_type,
        employees: r.employees ?? '',
        revenueThousandYuan: r.revenue_thousand_yuan === null ? '' : Number(r.revenue_thousand_yuan),
        status: STATUS_ZH[r.status] ?? r.status,
        entryDate: r.entry_date,
        exitDate: r.exit_date ?? '',
        address: r.address ?? '',
        contactName: r.contact_name ?? '',
        contactPhone: r.contact_phone ?? '',
        contactEmail: r.contact_email ?? '',
        sizeClass: r.size_class ? SIZE_ZH[r.size_class] : '',
        countyCode: r.county_code,
        townshipName: refs.divisions.get(r.township_code)?.name ?? '',
        industryName: refs.industries.get(r.industry_code)?.name ?? '',
      }));
      return writeSheet(format, [...IMPORT_COLUMNS, ...EXPORT_EXTRA_COLUMNS], out);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
