/**
 * What monitoring needs of other modules (handed in by app.ts), and the form and period lookups
 * the rate and reminder use cases share.
 */
import type { Actor } from '../../platform/auth.ts';
import { periods } from '../surveys/index.ts';
import type { ReportStatus, Tally } from './domain/rates.ts';
import { monitoringProblems as P } from './problems.ts';

export interface MonitoringForm {
  id: string;
  code: string;
  name: { zh: string; en: string };
  frequency: periods.Frequency;
  deadline: periods.DeadlineRule;
}

/** The survey system: forms, the version in force (its deadline) and expected reporters. */
export interface MonitoringSurveys {
  listForms(actor: Actor): Promise<MonitoringForm[]>;
  definitionFor(
    formId: string,
    period: string,
  ): Promise<{ definition: { form: { deadline: periods.DeadlineRule } } } | null>;
  expectedReporters(
    formId: string,
    period: string,
    division?: string,
  ): Promise<{ units: { id: string; creditCode: string; name: string; townshipCode: string }[] }>;
}

/** Collection's reads for monitoring (its monitoring-reads.ts). */
export interface MonitoringCollection {
  tallyByTownship(
    formId: string,
    period: string,
    units: { id: string; townshipCode: string }[],
  ): Promise<Tally[]>;
  unitReports(
    formId: string,
    period: string,
    unitIds: string[],
  ): Promise<{ unitId: string; status: ReportStatus; late: boolean; submittedAt: Date | null }[]>;
  nonReporters(formId: string, period: string, unitIds: string[]): Promise<string[]>;
  reportingClosed(formId: string, period: string, deadline: Date, now: Date): Promise<boolean>;
}

/** The register's divisions. */
export interface MonitoringRegister {
  listDivisions(q: {
    parent?: string;
    level?: string;
  }): Promise<{ code: string; name: string; level: string; parentCode: string | null }[]>;
  /** Unit contacts (联系人) for the email and SMS channels. */
  contactsOf(
    unitIds: readonly string[],
  ): Promise<Map<string, { name: string | null; phone: string | null; email: string | null }>>;
}

/** The scheduler acts as the system: it reads every form. */
export const SYSTEM_ACTOR: Actor = {
  accountId: 'system',
  username: 'system',
  displayName: 'system',
  role: 'admin',
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'session',
  sessionId: null,
};

const EXAMPLE: Record<periods.Frequency, string> = {
  monthly: '2026-10',
  quarterly: '2026Q3',
  annual: '2026',
};

/** A form the actor may read, a period of its frequency, and the deadline of the version in force. */
export async function formPeriod(
  surveys: MonitoringSurveys,
  actor: Actor,
  formId: string,
  periodText: string,
) {
  const form = (await surveys.listForms(actor)).find((f) => f.id === formId);
  if (!form) throw P.form_not_found();
  const period = periods.parsePeriodOf(periodText, form.frequency);
  if (!period) throw P.bad_period({ period: periodText, example: EXAMPLE[form.frequency] });
  const text = periods.formatPeriod(period);
  const version = await surveys.definitionFor(form.id, text);
  const deadline = periods.deadlineOf(period, version?.definition.form.deadline ?? form.deadline);
  return { form, period, periodText: text, deadline, inForce: !!version };
}
