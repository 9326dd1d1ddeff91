/**
 * The validation module (审核): for now its pure rule language, the one thing other modules
 * (collection on the server, the web app in the browser, batch re-checks) import from here.
 */

export { DIVISION_SCALE } from '../../platform/decimal.ts';
export type { DataNeeds, LinearForm } from './domain/analysis.ts';
export {
  type BatchEvaluator,
  type BatchOptions,
  type BoundPeriod,
  compileBatch,
} from './domain/batch.ts';
export { checkExpression, checkRule, FUNCTIONS } from './domain/check.ts';
export {
  type BoundRecord,
  bindRecord,
  type CompiledRule,
  type CompiledRuleSet,
  type CompileOptions,
  compileRule,
  compileRuleSet,
  type EvaluateOptions,
  evaluateOutcomes,
  evaluateRule,
  evaluateRuleSet,
  type Outcome,
  type RuleResult,
  type Severity,
  type ValidationRule,
} from './domain/engine.ts';
export { parseRule } from './domain/parser.ts';
export type { LocalMessage, RuleProblem, RuleProblemCode } from './domain/problems.ts';
export type { CellValues, FormPeriods, RecordData } from './domain/record.ts';
export {
  type AttributeSchema,
  type ColumnSchema,
  type DefinitionLike,
  type FormSchema,
  type IndicatorSchema,
  schemaFromDefinition,
  UNIT_ATTRIBUTES,
  type ValueType,
} from './domain/schema.ts';
export { formatDecimal } from './domain/template.ts';
