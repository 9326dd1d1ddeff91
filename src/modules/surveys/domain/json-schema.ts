/** The JSON Schema of form definition files, generated from the zod schema (never edited by hand). */
import { z } from 'zod';
import { FormDefinition } from './definition.ts';

/** Where the generated schema is committed, relative to the project root. */
export const JSON_SCHEMA_PATH = 'data/schemas/form-definition.schema.json';

/** The schema as editors (VS Code YAML, JSON) read it: what a person writes, so `io: 'input'`. */
export function formDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FormDefinition, { io: 'input', target: 'draft-2020-12' }),
    title: 'tongji form definition (报表定义)',
  };
}

/** The committed file's text: stable key order and a trailing newline. */
export function formDefinitionJsonSchemaText(): string {
  return `${JSON.stringify(formDefinitionJsonSchema(), null, 2)}\n`;
}
