import type { Migration } from 'kysely';
import * as init from './20261125_0300_surveys_init.ts';

export const surveysMigrations: Record<string, Migration> = {
  '20261125_0300_surveys_init': init,
};
