/** Test data through the survey API: import a form definition and activate it. */
import { expect } from 'vitest';
import { stringify } from 'yaml';
import type { Client } from './test-app.ts';

/** Imports a definition as YAML with the client (a designer or admin), activates it, returns the activated version. */
export async function importAndActivate(
  client: Client,
  def: unknown,
): Promise<{ id: string; formId: string; [field: string]: any }> {
  const res = await client.request({
    method: 'POST',
    url: '/api/surveys/definitions',
    payload: stringify(def),
    headers: { 'content-type': 'application/yaml' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const act = await client.post(`/api/surveys/versions/${res.json().id}/activate`);
  expect(act.statusCode, act.body).toBe(200);
  return act.json();
}
