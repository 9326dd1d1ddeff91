/** Early-warning routes (/api/warning/…): validate, authorise, call the service, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  AlertPage,
  AlertQuery,
  BoardQuery,
  BoardView,
  EvaluateRequest,
  EvaluateResult,
  IdParams,
  Ok,
  RuleInput,
  RuleList,
  RuleView,
  SubscriptionList,
  SubscriptionParams,
  SubscriptionView,
  SystemInput,
  SystemList,
  SystemView,
} from './contract.ts';
import { type Definitions, STAFF } from './definitions.ts';
import type { Evaluation } from './evaluation.ts';
import type { Reads } from './service.ts';

export function warningRoutes(s: { reads: Reads; definitions: Definitions; evaluation: Evaluation }) {
  const { reads, definitions, evaluation } = s;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['warning'];
    const W = '/api/warning';

    app.get(
      `${W}/systems`,
      {
        schema: {
          tags,
          summary: 'Signal systems (景气预警信号系统) with their indicators',
          response: { 200: SystemList },
        },
      },
      async (req) => reads.systems(requireActor(req)),
    );

    app.post(
      `${W}/systems`,
      {
        schema: {
          tags,
          summary: 'Create a signal system (designers, administrators, city statisticians; audited)',
          body: SystemInput,
          response: { 201: SystemView },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        const created = await definitions.createSystem(ctx, req.body);
        reply.status(201);
        return reads.systemView(ctx.actor, created);
      },
    );

    app.get(
      `${W}/systems/:id`,
      { schema: { tags, summary: 'One signal system', params: IdParams, response: { 200: SystemView } } },
      async (req) => reads.system(requireActor(req), req.params.id),
    );

    app.put(
      `${W}/systems/:id`,
      {
        schema: {
          tags,
          summary: 'Replace a signal system (send the version you read; audited)',
          params: IdParams,
          body: SystemInput,
          response: { 200: SystemView },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        return reads.systemView(ctx.actor, await definitions.updateSystem(ctx, req.params.id, req.body));
      },
    );

    app.delete(
      `${W}/systems/:id`,
      {
        schema: {
          tags,
          summary: 'Delete a signal system no rule uses (audited)',
          params: IdParams,
          response: { 200: Ok },
        },
      },
      async (req) => {
        await definitions.deleteSystem(contextOf(req), req.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      `${W}/systems/:id/board`,
      {
        schema: {
          tags,
          summary:
            'The signal-light board: each indicator’s value and light, the composite index, last N periods',
          params: IdParams,
          querystring: BoardQuery,
          response: { 200: BoardView },
        },
      },
      async (req) => reads.board(requireActor(req), req.params.id, req.query.periods),
    );

    app.get(
      `${W}/rules`,
      { schema: { tags, summary: 'Alert rules (预警规则)', response: { 200: RuleList } } },
      async (req) => reads.rules(requireActor(req)),
    );

    app.post(
      `${W}/rules`,
      {
        schema: {
          tags,
          summary:
            'Create an alert rule: a threshold on any series, or a condition on a system’s lights (audited)',
          body: RuleInput,
          response: { 201: RuleView },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        const rule = await definitions.createRule(ctx, req.body);
        reply.status(201);
        return reads.ruleView(ctx.actor, rule);
      },
    );

    app.get(
      `${W}/rules/:id`,
      { schema: { tags, summary: 'One alert rule', params: IdParams, response: { 200: RuleView } } },
      async (req) => reads.rule(requireActor(req), req.params.id),
    );

    app.put(
      `${W}/rules/:id`,
      {
        schema: {
          tags,
          summary: 'Replace an alert rule (its author or a manager; audited)',
          params: IdParams,
          body: RuleInput,
          response: { 200: RuleView },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        return reads.ruleView(ctx.actor, await definitions.updateRule(ctx, req.params.id, req.body));
      },
    );

    app.delete(
      `${W}/rules/:id`,
      {
        schema: {
          tags,
          summary: 'Delete an alert rule (its author or a manager; audited)',
          params: IdParams,
          response: { 200: Ok },
        },
      },
      async (req) => {
        await definitions.deleteRule(contextOf(req), req.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      `${W}/subscriptions`,
      { schema: { tags, summary: 'What you are subscribed to', response: { 200: SubscriptionList } } },
      async (req) => reads.subscriptions(requireActor(req)),
    );

    app.put(
      `${W}/subscriptions/:kind/:id`,
      {
        schema: {
          tags,
          summary: 'Subscribe yourself to a system (its composite light changing) or a rule (audited)',
          params: SubscriptionParams,
          response: { 200: SubscriptionView },
        },
      },
      async (req) => definitions.subscribe(contextOf(req), req.params.kind, req.params.id, true),
    );

    app.delete(
      `${W}/subscriptions/:kind/:id`,
      {
        schema: {
          tags,
          summary: 'Unsubscribe yourself (audited)',
          params: SubscriptionParams,
          response: { 200: SubscriptionView },
        },
      },
      async (req) => definitions.subscribe(contextOf(req), req.params.kind, req.params.id, false),
    );

    app.get(
      `${W}/alerts`,
      {
        schema: {
          tags,
          summary: 'Fired alerts, newest first',
          querystring: AlertQuery,
          response: { 200: AlertPage },
        },
      },
      async (req) => reads.alerts(requireActor(req), req.query),
    );

    app.post(
      `${W}/evaluate`,
      {
        schema: {
          tags,
          summary: 'Evaluate now: one system or rule, or all; fires each alert once (audited when it fires)',
          body: EvaluateRequest.optional().default({}),
          response: { 200: EvaluateResult },
        },
      },
      async (req) => {
        const ctx = contextOf(req, STAFF);
        return evaluation.evaluate(req.body?.sourceId ?? null, ctx);
      },
    );
  };
}
