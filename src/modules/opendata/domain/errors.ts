/**
 * Why a request cannot be answered, as plain data: the domain knows no HTTP, so it throws these
 * and the service turns each reason into the module's bilingual problem.
 */
export type InputErrorReason =
  | 'bad_expression'
  | 'unknown_dimension'
  | 'unknown_code'
  | 'empty_selection'
  | 'bad_key'
  | 'bad_period';

export class OpendataInputError extends Error {
  constructor(
    readonly reason: InputErrorReason,
    readonly params: Record<string, string | number>,
  ) {
    super(`${reason}: ${JSON.stringify(params)}`);
    this.name = 'OpendataInputError';
  }
}
