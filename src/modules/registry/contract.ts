/** Registry API contract (zod): shared by routes and the web app. */
import { z } from 'zod';
import { checkCreditCode } from './domain/credit-code.ts';
import { REGISTRATION_TYPE_CODES } from './domain/registration-types.ts';
import { SIZE_CLASSES } from './domain/size-class.ts';

export const SizeClass = z.enum(SIZE_CLASSES as unknown as ['large', 'medium', 'small', 'micro']);
export const UnitStatus = z.enum(['active', 'suspended', 'exited']);
export const DivisionLevel = z.enum(['province', 'city', 'county', 'township']);
export const IndustryLevel = z.enum(['section', 'division', 'group', 'class']);
export const RegistrationType = z.enum(REGISTRATION_TYPE_CODES);

const isoDate = z.iso.date();
/** A list in the query string: `a,b` or repeated `k=a&k=b`. */
const csvList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (v) =>
      v === undefined
        ? undefined
        : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter((s) => s !== ''),
    z.array(item).max(200),
  );

export const CreditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const r = checkCreditCode(s);
    if (!r.ok)
      ctx.addIssue({ code: 'custom', message: `credit code: ${r.reason}`, params: { reason: r.reason } });
  });

// ---- reference ----

export const DivisionView = z.object({
  code: z.string(),
  name: z.string(),
  level: DivisionLevel,
  parentCode: z.string().nullable(),
});
export const DivisionQuery = z.strictObject({
  parent: z.string().max(12).optional(),
  level: DivisionLevel.optional(),
});

export const IndustryView = z.object({
  code: z.string(),
  name: z.string(),
  level: IndustryLevel,
  parentCode: z.string().nullable(),
  section: z.string(),
});
export const IndustryQuery = z.strictObject({
  parent: z.string().max(4).optional(),
  level: IndustryLevel.optional(),
  q: z.string().trim().max(50).optional(),
});

export const GroupingView = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  source: z.string().nullable(),
  codes: z.array(z.string()),
});

export const OfficeView = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['city', 'county', 'township']),
  divisionCode: z.string(),
});
export const OfficeQuery = z.strictObject({
  level: z.enum(['city', 'county', 'township']).optional(),
  parent: z.string().max(12).optional(),
});

export const RegistrationTypeView = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

// ---- units ----

export const UnitView = z.object({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  countyCode: z.string(),
  cityCode: z.string(),
  industryCode: z.string(),
  section: z.string(),
  registrationType: z.string(),
  employees: z.number().int().nullable(),
  /** 营业收入, thousand yuan (千元). */
  revenueThousandYuan: z.number().nullable(),
  sizeClass: SizeClass.nullable(),
  status: UnitStatus,
  entryDate: z.string(),
  exitDate: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type UnitView = z.infer<typeof UnitView>;

/** A unit in a list, with the names of its township and industry for display. */
export const UnitListItem = UnitView.extend({
  townshipName: z.string().nullable(),
  countyName: z.string().nullable(),
  industryName: z.string().nullable(),
});

export const UNIT_SORTS = [
  'name',
  'creditCode',
  'employees',
  'revenue',
  'entryDate',
  'updatedAt',
  '-name',
  '-creditCode',
  '-employees',
  '-revenue',
  '-entryDate',
  '-updatedAt',
] as const;

/** Register search: every filter narrows; lists accept `a,b`. */
export const UnitQuery = z.strictObject({
  /** Name or credit code text (substring). */
  q: z.string().trim().max(100).optional(),
  /** Division of any level: city, county or township code. */
  division: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
  /** Industry code of any level: section letter, 2-, 3- or 4-digit code. */
  industry: csvList(z.string().regex(/^([A-T]|\d{2,4})$/)).optional(),
  grouping: csvList(z.string().max(64)).optional(),
  size: csvList(SizeClass).optional(),
  status: csvList(UnitStatus).optional(),
  registrationType: csvList(z.string().regex(/^\d{3}$/)).optional(),
  sort: z.enum(UNIT_SORTS).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type UnitQuery = z.infer<typeof UnitQuery>;

export const UnitPage = z.object({
  items: z.array(UnitListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const CreateUnitRequest = z.strictObject({
  creditCode: CreditCode,
  name: text(200),
  townshipCode: z.string().regex(/^\d{9}$/),
  industryCode: z.string().regex(/^\d{4}$/),
  registrationType: RegistrationType,
  employees: z.number().int().min(0).max(10_000_000).nullable().optional(),
  revenueThousandYuan: z.number().min(0).max(1e15).nullable().optional(),
  status: UnitStatus.optional(),
  entryDate: isoDate.optional(),
  address: optionalText(300),
  contactName: optionalText(100),
  contactPhone: optionalText(40),
  contactEmail: z.string().trim().email().max(200).nullable().optional(),
});
export type CreateUnitRequest = z.infer<typeof CreateUnitRequest>;

/** Update: any field but status (which has its own endpoint); `version` for optimistic locking. */
export const UpdateUnitRequest = CreateUnitRequest.omit({ status: true, entryDate: true })
  .partial()
  .extend({ version: z.number().int().min(1) })
  .strict();
export type UpdateUnitRequest = z.infer<typeof UpdateUnitRequest>;

export const ChangeStatusRequest = z.strictObject({
  version: z.number().int().min(1),
  status: UnitStatus,
  /** Exit date when the status becomes 'exited' (default today); entry date when re-activated. */
  date: isoDate.optional(),
  reason: z.string().trim().max(500).optional(),
});

export const UnitId = z.object({ id: z.uuid() });

// ---- import / export ----

export const ImportFormat = z.enum(['csv', 'xlsx']);
export const ImportMode = z.enum(['upsert', 'insert']);

export const ImportQuery = z.strictObject({
  format: ImportFormat.optional(),
  mode: ImportMode.default('upsert'),
  fileName: z.string().max(200).optional(),
});

export const ImportRowError = z.object({
  /** Row number as the person sees it in the file (the header is row 1). */
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  value: z.string().nullable(),
  message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportPreview = z.object({
  id: z.string(),
  fileName: z.string().nullable(),
  format: ImportFormat,
  mode: ImportMode,
  status: z.enum(['previewed', 'confirmed', 'discarded']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  inserts: z.number().int(),
  updates: z.number().int(),
  badRows: z.number().int(),
  errors: z.array(ImportRowError),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportResult = z.object({
  id: z.string(),
  inserted: z.number().int(),
  updated: z.number().int(),
});

export const ExportQuery = UnitQuery.omit({ page: true, pageSize: true }).extend({
  format: ImportFormat.default('xlsx'),
});

export const TemplateQuery = z.strictObject({ format: ImportFormat.default('xlsx') });
