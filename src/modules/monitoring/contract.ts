/** Monitoring API contract (zod): reporting rates, reminders, notifications. */
import { z } from 'zod';

const LocalText = z.object({ zh: z.string(), en: z.string() });
const PeriodText = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026')
  .describe('报告期: 2026-10 (monthly), 2026Q3 (quarterly) or 2026 (annual)');
const DivisionCode = z
  .string()
  .regex(/^\d{6}(\d{3})?$/, 'a division code: 6 digits (city, county) or 9 (township)');

export const RatesQuery = z.object({
  formId: z.uuid(),
  period: PeriodText,
  /** The division to look at (city, county or township); your own area when absent. */
  division: DivisionCode.optional(),
});

export const Figures = z.object({
  expected: z.number().int(),
  reported: z.number().int(),
  approved: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  notReported: z.number().int(),
  overdue: z.number().int(),
  notStarted: z.number().int(),
  draft: z.number().int(),
  returned: z.number().int(),
  reportingRate: z.number().nullable().describe('报送率: reported / expected'),
  timelyRate: z.number().nullable().describe('及时率: on time / expected'),
  approvalRate: z.number().nullable().describe('审核通过率: approved / expected'),
});

const DivisionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'county', 'township']),
});

/** Reporting rate and timeliness of a division, with its children (counties or townships). */
export const RatesView = z.object({
  formId: z.string(),
  formCode: z.string(),
  formName: LocalText,
  period: z.string(),
  deadline: z.string(),
  pastDeadline: z.boolean(),
  division: DivisionView,
  totals: Figures,
  children: z.array(DivisionView.extend({ figures: Figures })),
});

export const OverviewQuery = z.object({
  period: PeriodText,
  division: DivisionCode.optional(),
});

/** Every form of a period's frequency with its figures in one division (报送率 by form). */
export const OverviewView = z.object({
  period: z.string(),
  division: DivisionView,
  items: z.array(
    z.object({
      formId: z.string(),
      formCode: z.string(),
      formName: LocalText,
      deadline: z.string(),
      pastDeadline: z.boolean(),
      figures: Figures,
    }),
  ),
});

export const UNIT_FILTERS = ['not_reported', 'overdue', 'reported', 'on_time', 'late', 'approved'] as const;

export const UnitRatesQuery = RatesQuery.extend({
  filter: z.enum(UNIT_FILTERS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const UnitRatesPage = z.object({
  formId: z.string(),
  period: z.string(),
  division: DivisionView,
  items: z.array(
    z.object({
      unitId: z.string(),
      creditCode: z.string(),
      name: z.string(),
      townshipCode: z.string(),
      status: z.enum(['not_started', 'draft', 'submitted', 'returned', 'approved']),
      late: z.boolean(),
      overdue: z.boolean(),
      submittedAt: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** 催报: remind the non-reporters of a form and period in your area (or a division of it). */
export const RemindRequest = z.strictObject({
  formId: z.uuid(),
  period: PeriodText,
  division: DivisionCode.optional(),
  /** Only these units (each must be an expected reporter in the area); all non-reporters when absent. */
  unitIds: z.array(z.uuid()).min(1).max(1000).optional(),
});
export const RemindResult = z.object({
  sent: z.number().int(),
  expected: z.number().int(),
  /** Non-reporters left out because they were reminded of this form and period in the last 12 hours. */
  skipped: z.number().int(),
});

export const FormParams = z.object({ formId: z.uuid() });
export const ReminderSchedule = z.strictObject({
  /** Days relative to the deadline: -3 three days before, 0 on the day, 1 the day after. */
  offsetsDays: z
    .array(z.number().int().min(-60).max(60))
    .min(1)
    .max(10)
    .refine((a) => new Set(a).size === a.length, 'each offset once'),
});
export const ReminderScheduleView = z.object({
  formId: z.string(),
  offsetsDays: z.array(z.number().int()),
  /** True when the form uses the default schedule (never set). */
  isDefault: z.boolean(),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
});

export const NotificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const NotificationView = z.object({
  id: z.string(),
  kind: z.string(),
  unitId: z.string().nullable(),
  formId: z.string().nullable(),
  period: z.string().nullable(),
  text: LocalText,
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const NotificationPage = z.object({
  items: z.array(NotificationView),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export const NotificationParams = z.object({ id: z.uuid() });
