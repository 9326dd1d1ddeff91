/** Analysis calls, typed from the server's contract. */
import type { z } from 'zod';
import type { StlRequest, StlView } from '../../../../src/modules/analysis/contract.ts';
import { api } from '../../api/client.ts';

/** What the page posts (defaults left to the server, as the contract's input type allows). */
export type StlBody = z.input<typeof StlRequest>;
export type Stl = z.infer<typeof StlView>;

export const analysisApi = {
  stl: (body: StlBody) => api<Stl>('/api/analysis/stl', { body }),
};
