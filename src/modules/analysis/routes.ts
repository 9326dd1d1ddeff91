/** Analysis routes (/api/analysis/…): validate, authorise, call the service, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { STATISTICIAN_ROLES } from '../../platform/auth.ts';
import { requireActor } from '../../platform/request.ts';
import { StlRequest, StlView } from './contract.ts';
import type { AnalysisService } from './service.ts';

/** Bureau staff; enterprise reporters have no analysis tools. */
const STAFF = [...STATISTICIAN_ROLES, 'designer', 'admin'] as const;

export function analysisRoutes(service: AnalysisService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/analysis/stl',
      {
        schema: {
          tags: ['analysis'],
          summary: '季节调整: STL decomposition of a series (seasonal, trend, remainder), as R stats::stl',
          description:
            "Post a series with its frequency and R's stl() parameters (same names and defaults); get the seasonal, trend and remainder components, the robustness weights, the seasonally adjusted series and the parameters actually used. Matches R to 1e-6.",
          body: StlRequest,
          response: { 200: StlView },
        },
      },
      async (req) => {
        requireActor(req, STAFF);
        return service.decompose(req.body);
      },
    );
  };
}
