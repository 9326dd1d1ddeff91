/**
 * The checks a reporter sees while typing (live 审核), from the same pure code the server runs:
 * cell checks (collection/domain/cells.ts), computed cells (surveys/domain/computed.ts) and the
 * form's rule set compiled in the browser (validation). The server stays authoritative: rules the
 * browser cannot decide alone (they read other forms) keep the server's result of the last save.
 * Pure, so it is unit-tested without a browser.
 */
import {
  blankRequiredCells,
  type CellIssue,
  checkEachValue,
} from '../../../../../src/modules/collection/domain/cells.ts';
import { evaluateCells } from '../../../../../src/modules/surveys/domain/computed.ts';
import type { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { buildModel, type FormModel } from '../../../../../src/modules/surveys/domain/model.ts';
import { isFirstOfYear, parsePeriod } from '../../../../../src/modules/surveys/domain/periods.ts';
import {
  type CompiledRuleSet,
  compileRuleSet,
  evaluateRuleSet,
} from '../../../../../src/modules/validation/domain/engine.ts';
import type { RecordData } from '../../../../../src/modules/validation/domain/record.ts';
import {
  type DefinitionLike,
  schemaFromDefinition,
} from '../../../../../src/modules/validation/domain/schema.ts';

export type Severity = 'fatal' | 'verify' | 'hint';
export type Bilingual = { 'zh-CN': string; 'en-US': string };

/** One rule's outcome as the page shows it (the server's RuleResultView has this shape). */
export interface RuleOutcome {
  ruleId: string;
  severity: Severity;
  outcome: 'pass' | 'fail' | 'na';
  values: Record<string, string | null>;
  message: Bilingual | null;
  /** Where the outcome comes from: computed here while typing, or the server's last check. */
  source?: 'browser' | 'server';
}

/** A form made ready for live checking: its model and the rules the browser can run. */
export interface LiveForm {
  definition: FormDefinition;
  model: FormModel;
  ruleSet: CompiledRuleSet;
  /** Rules left to the server (they read other forms, or do not compile here). */
  serverOnly: Set<string>;
  firstOfYear: boolean;
}

/** Compiles a definition for the browser. Rules that read other forms cannot be typed here. */
export function prepareForm(definition: FormDefinition, period: string): LiveForm {
  const { model } = buildModel(definition);
  const rules = (definition.rules ?? []).map((r) => ({
    id: r.id,
    expr: r.expr,
    severity: r.severity,
    message: r.message,
  }));
  const schema = schemaFromDefinition(definition as unknown as DefinitionLike);
  const { ruleSet } = compileRuleSet(rules, schema);
  const compiled = new Set(ruleSet.rules.map((r) => r.id));
  const serverOnly = new Set(rules.filter((r) => !compiled.has(r.id)).map((r) => r.id));
  for (const r of ruleSet.rules) {
    if (Object.keys(r.needs.otherForms).length) serverOnly.add(r.id);
  }
  const p = parsePeriod(period);
  return { definition, model, ruleSet, serverOnly, firstOfYear: p ? isFirstOfYear(p) : false };
}

/** What the page knows besides the entered values. */
export interface LiveContext {
  previous: Record<string, string> | null;
  lastYear: Record<string, string> | null;
  /** Register attributes of the unit (`industry`, `size`, `division`, `employees`), when read. */
  unit: Record<string, string | number | null> | null;
}

export interface LiveCheck {
  /** Every cell after computation (null = blank). */
  values: Record<string, string | null>;
  cellIssues: CellIssue[];
  blankRequired: string[];
  results: RuleOutcome[];
}

/**
 * Checks entered values as the server would: cell checks, computed cells, then the rules. A cell
 * with a problem counts as blank for the rules (as on the server); rules that need what the page
 * lacks keep the server's outcome.
 */
export function liveCheck(
  form: LiveForm,
  entered: Record<string, string>,
  ctx: LiveContext,
  server: readonly RuleOutcome[],
): LiveCheck {
  const { values: valid, issues } = checkEachValue(form.definition, form.model, entered);
  const values = evaluateCells(form.model, valid, {
    previous: ctx.previous,
    lastYear: ctx.lastYear,
    firstOfYear: form.firstOfYear,
  });
  const data: RecordData = {
    values,
    previous: ctx.previous,
    lastYear: ctx.lastYear,
    unit: ctx.unit ?? undefined,
  };
  const live = evaluateRuleSet(form.ruleSet, data);
  const byId = new Map(server.map((r) => [r.ruleId, r]));
  const results: RuleOutcome[] = [];
  for (const rule of form.definition.rules ?? []) {
    const needsUnit = form.ruleSet.rules.find((r) => r.id === rule.id)?.needs.unit.length;
    const fromServer = form.serverOnly.has(rule.id) || (needsUnit && !ctx.unit);
    if (fromServer) {
      const s = byId.get(rule.id);
      if (s) results.push({ ...s, source: 'server' });
      continue;
    }
    const r = live.find((x) => x.ruleId === rule.id);
    if (r) {
      results.push({
        ruleId: r.ruleId,
        severity: r.severity,
        outcome: r.outcome,
        values: r.values,
        message: r.message,
        source: 'browser',
      });
    }
  }
  return {
    values,
    cellIssues: issues,
    // A wrong value is reported once, as a cell problem (as the server's check does).
    blankRequired: blankRequiredCells(form.definition, form.model, valid).filter(
      (c) => !issues.some((i) => i.cell === c),
    ),
    results,
  };
}

/** Entered cells whose text fails the cell checks (the server would refuse a save holding them). */
export function invalidCells(form: LiveForm, entered: Record<string, string>): Set<string> {
  return new Set(checkEachValue(form.definition, form.model, entered).issues.map((i) => i.cell));
}

/** The form's own cells of this period a result names (`A01.current`, not `prev(A01.current)`). */
export function cellsOfResult(r: Pick<RuleOutcome, 'values'>): string[] {
  return Object.keys(r.values).filter((k) => /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/.test(k));
}

/** What a cell shows: its worst problem and every message about it. */
export interface CellMark {
  severity: Severity;
  /** Rule ids and cell-issue codes, for the problem panel. */
  items: { id: string; severity: Severity; message: Bilingual }[];
}

const RANK: Record<Severity, number> = { fatal: 0, verify: 1, hint: 2 };

/** Failing rules, cell issues and blank required cells, by the cells they concern. */
export function marksByCell(
  check: Pick<LiveCheck, 'cellIssues' | 'blankRequired' | 'results'>,
  requiredMessage: (cell: string) => Bilingual,
): Map<string, CellMark> {
  const out = new Map<string, CellMark>();
  const add = (cell: string, id: string, severity: Severity, message: Bilingual) => {
    const m = out.get(cell);
    if (!m) out.set(cell, { severity, items: [{ id, severity, message }] });
    else {
      m.items.push({ id, severity, message });
      if (RANK[severity] < RANK[m.severity]) m.severity = severity;
    }
  };
  for (const i of check.cellIssues) add(i.cell, i.code, 'fatal', i.message);
  for (const c of check.blankRequired) add(c, 'required', 'fatal', requiredMessage(c));
  for (const r of check.results) {
    if (r.outcome !== 'fail') continue;
    const message = r.message ?? { 'zh-CN': r.ruleId, 'en-US': r.ruleId };
    for (const c of cellsOfResult(r)) add(c, r.ruleId, r.severity, message);
  }
  return out;
}

/** Failing counts by severity, with cell issues and blank required cells counted as fatal. */
export function countFailures(check: Pick<LiveCheck, 'cellIssues' | 'blankRequired' | 'results'>) {
  const counts = { fatal: check.cellIssues.length + check.blankRequired.length, verify: 0, hint: 0 };
  for (const r of check.results) if (r.outcome === 'fail') counts[r.severity]++;
  return counts;
}

/** Failing verify rules that still lack an explanation (说明). */
export function missingExplanations(
  results: readonly RuleOutcome[],
  explanations: Record<string, string>,
): string[] {
  return results
    .filter((r) => r.outcome === 'fail' && r.severity === 'verify' && !explanations[r.ruleId]?.trim())
    .map((r) => r.ruleId);
}

/**
 * The values beside each cell as whole records, or null when that period was not reported (the
 * entry view says whether it was: a report may leave every cell blank, and is still a report).
 */
export function periodRecord(
  cells: readonly { ref: string; value: string | null }[],
  reported: boolean,
): Record<string, string> | null {
  if (!reported) return null;
  const out: Record<string, string> = {};
  for (const c of cells) if (c.value !== null && c.value !== '') out[c.ref] = c.value;
  return out;
}

/** Entered cells that differ between two value sets (what an autosave sends). */
export function changedCells(
  saved: Record<string, string>,
  current: Record<string, string>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(current)) if ((saved[k] ?? '') !== v) out[k] = v === '' ? null : v;
  for (const k of Object.keys(saved)) if (!(k in current) && saved[k] !== '') out[k] = null;
  return out;
}
