/** `/api/v1/openapi.json`: every route of the central, with request bodies from the zod schemas. */
import { ConfigBundle, ERRORS, UplinkBatch } from '@hall/contract';
import { z } from 'zod';
import { PublishConfigRequest } from './routes.ts';
import { CreateAccountRequest, CreateHallRequest, LoginRequest } from './schemas.ts';

const SUMMARIES: Record<string, string> = {
  'post /auth/login': 'Sign in with a central account → {token, role, expiresAt}',
  'get /accounts': 'List central accounts (admin)',
  'post /accounts': 'Create a central account: admin, supervisor or auditor (admin)',
  'post /halls': 'Register a hall → 201 {hall, key}; the key is shown once (admin)',
  'get /halls': 'Every hall: lastSeq, lastSeenAt, connected, epoch, restores, conflicts, config {published, deployed}',
  'post /uplink': 'A hall sends a batch of events and its live summary (hall key as bearer) → UplinkAck',
  'get /halls/{id}/stats': "One hall's day statistics, the same object as the hall's own GET /stats (?date=)",
  'get /halls/{id}/live': "One hall's latest live summary: queues, windows, alerts",
  'get /city/live': "Every hall's live summary (the city dashboard's list)",
  'get /city/stats': 'The city: day statistics over every hall, plus byHall (?date=)',
  'get /city/ratings': '好差评 rates and 差评整改 cases per hall and for the city (?date=)',
  'get /city/export.xlsx': "The city's day as an XLSX workbook (?date=)",
  'post /config': 'Publish a configuration bundle → 201 with its new version (admin)',
  'get /config/latest': 'The newest published bundle (hall key, or any account) → 200, or 204 when none',
  'get /health': 'Liveness and schema version',
  'get /openapi.json': 'This document',
};

const BODIES: Record<string, z.ZodType> = {
  'post /auth/login': LoginRequest,
  'post /accounts': CreateAccountRequest,
  'post /halls': CreateHallRequest,
  'post /uplink': UplinkBatch,
  'post /config': PublishConfigRequest,
};

export function buildOpenApi(routes: ReadonlyArray<{ method: string; url: string }>): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const key = `${r.method} ${path}`;
    const body = BODIES[key];
    const op: Record<string, unknown> = {
      summary: SUMMARIES[key] ?? key,
      responses: {
        default: {
          description: 'Success, or an Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) } },
      };
    if (key === 'get /config/latest')
      op.responses = {
        200: {
          description: 'The bundle',
          content: { 'application/json': { schema: z.toJSONSchema(ConfigBundle, { io: 'output', unrepresentable: 'any' }) } },
        },
        204: { description: 'Nothing published' },
      };
    if (key === 'post /auth/login' || key === 'get /health' || key === 'get /openapi.json') op.security = [];
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'hall-queue central server REST API', version: '1.0.0' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token (POST /auth/login) or a hall key' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string', enum: Object.keys(ERRORS) }, message: { type: 'string' }, params: { type: 'object' } },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
