/** Regenerates data/schemas/form-definition.schema.json: `npx tsx src/modules/surveys/write-json-schema.ts`. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config.ts';
import { formDefinitionJsonSchemaText, JSON_SCHEMA_PATH } from './domain/json-schema.ts';

const file = path.join(projectRoot, JSON_SCHEMA_PATH);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, formDefinitionJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
