/**
 * The OpenAPI 3.1 document of REST v1 (`GET /api/v1/openapi.json`), generated from the routes Fastify
 * actually registered (collected by an `onRoute` hook in server.ts) and this table, which gives each
 * route its summary, who may call it, its request schemas (the contract's zod schemas) and its reply
 * schema (`response-schemas.ts`). Status codes follow from the table: the success code, 400 when the
 * route reads a body, query or path, 401/403 unless it is public, 404 with a path id, 409 for state
 * changes the rules can refuse, 429 where attempts are throttled, 503 wherever storage (or a printer) may
 * be unavailable. A route registered without an entry fails the OpenAPI test, so the document cannot fall
 * behind the code.
 */
import { z } from 'zod';
import * as contract from '@hall/contract';
import { Schemas } from './response-schemas.ts';

type Who = 'public' | 'device' | 'staff' | 'supervisor' | 'admin' | 'kiosk';

export interface RouteDoc {
  summary: string;
  /** More than the summary says (rules, refusals), after the caller line of the generated description. */
  description?: string;
  tag: string;
  who: Who;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The reply schema (JSON) or a media type for non-JSON replies. */
  reply?: z.ZodType | { media: string; description: string };
  /** Success status (default 200). */
  status?: 200 | 201 | 204;
  /** Also answers 204 with no body (e.g. call-next with nobody waiting). */
  alsoNoContent?: boolean;
  /** Extra statuses this route can answer (409 state conflicts, 429 throttling, 503 printer…). */
  extra?: number[];
}

const W = (summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  summary,
  tag: 'windows',
  who: 'staff',
  reply: Schemas.WindowActionReply,
  extra: [409],
  ...extra,
});
const S = (summary: string, tag: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({ summary, tag, who: 'supervisor', ...extra });
const csv = { media: 'text/csv', description: 'CSV (UTF-8 with BOM, opens in Excel/WPS)' };
const xlsx = { media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'Excel workbook' };

/** Keyed `METHOD /path` with Fastify's `:param` syntax, below `/api/v1`. */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /health': {
    summary: 'Liveness, storage, printers, devices and outbox state',
    tag: 'operations',
    who: 'public',
    reply: Schemas.Health,
  },
  'GET /metrics': {
    summary: 'Prometheus metrics (text exposition format)',
    tag: 'operations',
    who: 'public',
    reply: { media: 'text/plain', description: 'Prometheus text format 0.0.4' },
  },
  'GET /openapi.json': { summary: 'This document', tag: 'operations', who: 'public', reply: Schemas.Object },
  'GET /business-date': { summary: 'The hall business date now', tag: 'hall', who: 'public', reply: Schemas.BusinessDate },
  'POST /auth/login': {
    summary: 'Sign in with username and password; returns a bearer token',
    tag: 'auth',
    who: 'public',
    body: contract.LoginRequest,
    reply: Schemas.Login,
    extra: [429],
  },
  'POST /auth/logout': { summary: 'Revoke the calling token', tag: 'auth', who: 'device', status: 204 },
  'GET /auth/me': { summary: 'Who the calling token belongs to', tag: 'auth', who: 'device', reply: Schemas.Me },
  'GET /hall': { summary: 'Categories, services with guides, bundles, windows and hours', tag: 'hall', who: 'public', reply: Schemas.Hall },
  'PUT /hall/notices': { summary: 'Set the scrolling notices of the hall screen', tag: 'hall', who: 'supervisor', reply: Schemas.Object },
  'POST /tickets': {
    summary: 'Issue a ticket (取号); with printerId it prints first, and no ticket exists if printing fails',
    tag: 'tickets',
    who: 'kiosk',
    body: contract.IssueTicketRequest,
    reply: Schemas.IssuedTicketReply,
    status: 201,
    extra: [409, 503],
  },
  'GET /tickets': {
    summary: 'Tickets of a business date',
    tag: 'tickets',
    who: 'staff',
    query: contract.ListTicketsQuery,
    reply: Schemas.TicketList,
  },
  'GET /tickets/:id': { summary: 'One ticket', tag: 'tickets', who: 'staff', reply: Schemas.TicketReply },
  'GET /tickets/:id/form': {
    summary: 'The kiosk form of a ticket, ID number masked (staff at its window)',
    tag: 'tickets',
    who: 'staff',
    reply: Schemas.Object,
  },
  'GET /public/tickets/:token': {
    summary: 'Progress of a ticket by its QR token (the phone page)',
    tag: 'public',
    who: 'public',
    reply: Schemas.Object,
  },
  'POST /appointments': { summary: 'Import appointments', tag: 'appointments', who: 'supervisor', reply: Schemas.Object },
  'POST /appointments/check-in': {
    summary: '预约签到: check in by code or ID number; issues an appointment-priority ticket',
    tag: 'appointments',
    who: 'kiosk',
    reply: Schemas.IssuedTicketReply,
    status: 201,
    extra: [409, 503],
  },
  'GET /windows': {
    summary: 'Every window with status, skills, allocation and current ticket',
    tag: 'windows',
    who: 'staff',
    reply: Schemas.WindowList,
  },
  'POST /windows/:id/call-next': W('叫号: call the next ticket this window may serve (204 when nobody waits)', {
    reply: Schemas.TicketReply,
    alsoNoContent: true,
  }),
  'POST /windows/:id/recall': W('重呼: call the current ticket again'),
  'POST /windows/:id/start': W('Start serving the called ticket'),
  'POST /windows/:id/finish': W('Finish the current ticket (and ask for a rating)'),
  'POST /windows/:id/no-show': W('过号: the called citizen did not come'),
  'POST /windows/:id/suspend': W('挂起: suspend the current ticket (missing papers)'),
  'POST /windows/:id/pause': W('暂停: pause the window with a reason', { body: contract.PauseRequest, reply: Schemas.WindowReply }),
  'POST /windows/:id/resume': W('Resume a paused window', { reply: Schemas.WindowReply }),
  'POST /windows/:id/transfer': W('转移: send the current ticket to a category or window, keeping its number', {
    body: contract.TransferRequest,
  }),
  'POST /windows/:id/resume-ticket': W('Resume a suspended ticket at this window'),
  'POST /windows/:id/matters/:serviceId': W('一事一次办: set one matter of the current ticket (受理, 办结, 转办, 需补件)', {
    body: contract.MatterUpdateRequest,
  }),
  'POST /windows/:id/requeue': W('Put a no-show ticket back in the queue', { body: contract.RequeueRequest }),
  'POST /windows/:id/call-specific': W('指呼: call one specific ticket', { body: contract.CallSpecificRequest }),
  'POST /windows/:id/sign-in': W('Sign in at the window', { body: contract.SignInRequest }),
  'POST /windows/:id/sign-out': W('Sign out of the window'),
  'POST /windows/:id/hand-over': W('AB岗: a colleague takes over the window', {
    body: contract.HandOverRequest,
    reply: Schemas.HandOverReply,
    extra: [409, 429],
    description:
      'The colleague taking over gives their own `username` and `password`; the reply carries their new session token. ' +
      'A colleague whose password was handed to them (`mustChangePassword`: a new or reset account) must set their own ' +
      'in the same request as `newPassword`: without it the answer is 403 `PASSWORD_CHANGE_REQUIRED` and nothing changes. ' +
      'With it the rules of `POST /auth/password` apply (`PASSWORD_SAME`, `PASSWORD_TOO_SHORT`, `PASSWORD_TOO_COMMON`, nothing changed ' +
      'on a refusal); the new password, `account.password_changed` and the hand-over are stored together, the other sessions of ' +
      'that account end, and the token is a working one (`mustChangePassword: false`). `newPassword` for an account that need ' +
      'not change its password is refused with 400 `PASSWORD_CHANGE_NOT_REQUIRED`.',
  }),
  'PUT /windows/:id/allocation': W('Set the categories this window serves now', {
    who: 'supervisor',
    body: contract.AllocationRequest,
    reply: Schemas.WindowReply,
  }),
  'GET /stats': S('Day statistics', 'reports', { query: contract.DateQuery, reply: Schemas.Object }),
  'GET /events': S('The audit log of a day', 'reports', { query: contract.DateQuery, reply: Schemas.Object }),
  'POST /auth/password': {
    summary: 'Change your own password (the current one, then a new one that meets the policy)',
    tag: 'auth',
    who: 'staff',
    body: contract.ChangePasswordRequest,
    status: 204,
    extra: [429],
  },
  'GET /audit': {
    summary: 'Security audit events of a day (sign-ins, account and device changes), without personal data',
    tag: 'admin',
    who: 'admin',
    reply: Schemas.Object,
  },
  'GET /users': {
    summary: 'Every account with its role, state and when its password changed',
    tag: 'admin',
    who: 'admin',
    reply: Schemas.Object,
  },
  'POST /users/:username/password': {
    summary: 'Reset an account password (to be changed at its next sign-in)',
    tag: 'admin',
    who: 'admin',
    body: contract.ResetPasswordRequest,
    status: 204,
    extra: [404],
  },
  'POST /users/:username/disable': {
    summary: 'Disable an account: its sessions end at once',
    tag: 'admin',
    who: 'admin',
    status: 204,
    extra: [404, 409],
  },
  'POST /users/:username/enable': { summary: 'Enable a disabled account', tag: 'admin', who: 'admin', status: 204, extra: [404] },
  'POST /ratings/kiosk/check': {
    summary: 'Before a kiosk 评价: prove the ticket (QR token, or number plus check code); refuses unfinished or rated tickets',
    tag: 'ratings',
    who: 'kiosk',
    body: contract.KioskRatingCheckRequest,
    reply: Schemas.Object,
    extra: [403, 404, 409, 429],
  },
  'POST /users': {
    summary: 'Create an account',
    tag: 'admin',
    who: 'admin',
    body: contract.CreateUserRequest,
    status: 201,
    reply: Schemas.Object,
    extra: [409],
  },
  'POST /devices/pairing-codes': {
    summary: 'Issue a single-use pairing code for a kiosk or hall screen',
    tag: 'devices',
    who: 'admin',
    body: contract.PairingCodeRequest,
    reply: Schemas.PairingCode,
    status: 201,
  },
  'GET /devices': {
    summary: 'Paired devices (kiosks, hall screens), revoked ones included',
    tag: 'devices',
    who: 'admin',
    reply: Schemas.DeviceList,
  },
  'POST /devices/pair': {
    summary: 'Exchange a pairing code for a device token',
    tag: 'devices',
    who: 'public',
    body: contract.PairRequest,
    reply: Schemas.DeviceToken,
    extra: [429],
  },
  'POST /devices/pair-local': {
    summary: 'Pair a kiosk or screen running on the server machine itself (loopback only, when allowed)',
    tag: 'devices',
    who: 'public',
    reply: Schemas.DeviceToken,
  },
  'DELETE /devices/:id': { summary: 'Revoke a device: its token stops working at once', tag: 'devices', who: 'admin', status: 204 },
  'POST /ratings': {
    summary: '好差评 from the phone page, one per ticket',
    tag: 'ratings',
    who: 'public',
    body: contract.RatingRequest,
    status: 201,
    reply: Schemas.Object,
    extra: [409, 429],
  },
  'POST /ratings/kiosk': {
    summary: '好差评 on the kiosk screen after service',
    tag: 'ratings',
    who: 'kiosk',
    body: contract.KioskRatingRequest,
    status: 201,
    reply: Schemas.Object,
    extra: [409],
  },
  'GET /ratings': S('Ratings of a day', 'ratings', { reply: Schemas.Object }),
  'GET /ratings/metrics': S('Rating figures for the 好差评 platform (by window, category, staff)', 'ratings', {
    query: contract.MetricsQuery,
    reply: Schemas.Object,
  }),
  'GET /public/ratings/:token': {
    summary: 'Whether a ticket can still be rated (the phone page)',
    tag: 'public',
    who: 'public',
    reply: Schemas.Object,
  },
  'GET /rectifications': S('差评整改 cases', 'ratings', { query: contract.CaseListQuery, reply: Schemas.Object }),
  'GET /rectifications/:id': S('One 差评整改 case with its steps', 'ratings', { reply: Schemas.Object }),
  'POST /rectifications/:id/advance': S('Move a case to its next step (verify, rectify, revisit, close)', 'ratings', {
    body: contract.AdvanceCaseRequest,
    reply: Schemas.Object,
    extra: [409],
  }),
  'POST /rectifications/:id/appeal': S('申诉: ask to exclude a malicious 差评 (a second supervisor decides)', 'ratings', {
    body: contract.AppealRequest,
    reply: Schemas.Object,
    extra: [404, 409],
  }),
  'POST /rectifications/:id/appeal/decide': S('复核: a second supervisor approves or rejects an appeal', 'ratings', {
    body: contract.AppealDecision,
    reply: Schemas.Object,
    extra: [403, 404, 409],
  }),
  'GET /counter/cases': {
    summary: 'Cases about this window, without who rated',
    tag: 'ratings',
    who: 'staff',
    reply: Schemas.Object,
  },
  'POST /ratings/follow-up': {
    summary: '追评: the citizen rates again after a case is closed',
    tag: 'ratings',
    who: 'public',
    body: contract.FollowUpRequest,
    status: 201,
    reply: Schemas.Object,
    extra: [404, 409],
  },
  'GET /province/codes': S('Code mappings for the provincial 好差评 platform (事项编码, 工号, 部门编码)', 'ratings', {
    reply: Schemas.Object,
  }),
  'PUT /province/codes': S('Set one code mapping for the provincial platform', 'ratings', { reply: Schemas.Object }),
  'GET /ratings/outbox': S('补传 backlog: ratings not yet delivered to the province', 'ratings', { reply: Schemas.Object }),
  'POST /what-if/run': S('Replay a recorded day against a changed staffing plan', 'what-if', { reply: Schemas.Object }),
  'GET /what-if/staffing': S('Staffing advice per hour to meet a target wait', 'what-if', { reply: Schemas.Object }),
  'POST /what-if/cross-training': S('The certification per staff member that cuts waits most, with the simulated gain', 'what-if', {
    reply: Schemas.Object,
  }),
  'GET /settings/hall': S('Runtime settings: allocation mode, thresholds, hours, calendar', 'settings', { reply: Schemas.Object }),
  'PUT /settings/allocation-mode': S('Choose advisory or automatic window allocation', 'settings', { reply: Schemas.Object }),
  'PUT /settings/thresholds': S('Wait-time alert thresholds by category', 'settings', { reply: Schemas.Object }),
  'PUT /settings/hours': S('Opening hours', 'settings', { reply: Schemas.Object }),
  'PUT /settings/calendar': S('Holidays and make-up workdays', 'settings', { reply: Schemas.Object }),
  'GET /allocation/proposals': S('Open window-allocation proposals', 'allocation', { reply: Schemas.Object }),
  'POST /allocation/run': S('Run the allocator now', 'allocation', { reply: Schemas.Object }),
  'POST /allocation/proposals/:id/apply': S('Apply a proposal', 'allocation', { reply: Schemas.Object, extra: [409] }),
  'POST /allocation/proposals/:id/dismiss': S('Dismiss a proposal', 'allocation', { reply: Schemas.Object, extra: [409] }),
  'GET /allocation/windows': S('Each window with what it serves and how busy it is', 'allocation', { reply: Schemas.Object }),
  'GET /allocation/history': S('Allocation changes of a day', 'allocation', { query: contract.DateQuery, reply: Schemas.Object }),
  'GET /alerts': S('Open alerts (waits, printers, devices, storage)', 'alerts', { reply: Schemas.Object }),
  'POST /alerts/:id/acknowledge': S('Acknowledge an alert', 'alerts', { reply: Schemas.Object }),
  'GET /reports': S('Report figures for a day or a date range', 'reports', { reply: Schemas.Object }),
  'GET /reports/day.csv': S('Day report as CSV', 'reports', { reply: csv }),
  'GET /reports/day.xlsx': S('Day report as an Excel workbook', 'reports', { reply: xlsx }),
  'GET /reports/range.csv': S('Date-range report as CSV', 'reports', { reply: csv }),
  'GET /reports/range.xlsx': S('Date-range report as an Excel workbook', 'reports', { reply: xlsx }),
  'GET /kiosk/config': { summary: 'This kiosk: its id, name and printer', tag: 'kiosk', who: 'kiosk', reply: Schemas.Object },
  'GET /kiosk/printer-status': { summary: 'Live status of this kiosk printer', tag: 'kiosk', who: 'kiosk', reply: Schemas.Object },
  'POST /kiosk/print-guide': {
    summary: 'Print the 一次性告知 guide of one or more services',
    tag: 'kiosk',
    who: 'kiosk',
    reply: Schemas.Object,
    extra: [503],
  },
  'GET /kiosk/tickets/:number': {
    summary: 'Find a ticket of today by its number (reprint, rating)',
    tag: 'kiosk',
    who: 'kiosk',
    reply: Schemas.Object,
  },
  'GET /me/day': { summary: 'The signed-in staff member: served today, ratings', tag: 'counter', who: 'staff', reply: Schemas.Object },
  'GET /counter/rules': {
    summary: 'Which window actions are allowed in which state (for the console buttons)',
    tag: 'counter',
    who: 'staff',
    reply: Schemas.Object,
  },
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad input (VALIDATION_FAILED, BAD_REQUEST, …)',
  401: 'No token, or an expired or revoked one',
  403: 'The token may not do this',
  404: 'No such id',
  409: 'The current state does not allow it (the error code says why)',
  429: 'Too many attempts; try again later',
  503: 'Storage (or the printer) is unavailable right now',
};

/** JSON Schema of a zod schema, for the document (request bodies as input, replies as output). */
function jsonSchema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(s, { unrepresentable: 'any', io, target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/\.(csv|xlsx|json)$/, (_m, ext: string) => `-${ext}`)
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `by-${w.slice(1)}` : w))
    .flatMap((w) => w.split('-'));
  return [method.toLowerCase(), ...words].map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

/** Routes registered but missing from ROUTE_DOCS (the test keeps this empty). */
export function undocumentedRoutes(registered: readonly RegisteredRoute[]): string[] {
  return registered.map((r) => `${r.method.toUpperCase()} ${r.url}`).filter((k) => !(k in ROUTE_DOCS));
}

export function buildOpenApi(title: string, registered: readonly RegisteredRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const r of registered) {
    const method = r.method.toUpperCase();
    const key = `${method} ${r.url}`;
    const doc: RouteDoc = ROUTE_DOCS[key] ?? { summary: `${method} ${r.url} (undocumented)`, tag: 'other', who: 'staff' };
    tags.add(doc.tag);
    const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = doc.status ?? 200;
    const responses: Record<string, unknown> = {};
    if (status === 204) responses['204'] = { description: 'Done (no body)' };
    else if (doc.reply && 'media' in doc.reply)
      responses[String(status)] = { description: doc.reply.description, content: { [doc.reply.media]: { schema: { type: 'string' } } } };
    else
      responses[String(status)] = {
        description: status === 201 ? 'Created' : 'OK',
        content: { 'application/json': { schema: jsonSchema(doc.reply ?? Schemas.Object, 'output') } },
      };
    if (doc.alsoNoContent) responses['204'] = { description: 'Nothing to do (no body)' };
    const codes = new Set<number>([...(doc.extra ?? [])]);
    if (doc.body || doc.query || params.length > 0 || method !== 'GET') codes.add(400);
    if (doc.who !== 'public') {
      codes.add(401);
      codes.add(403);
    }
    if (params.length > 0) codes.add(404);
    if (method !== 'GET') codes.add(503);
    for (const c of [...codes].sort())
      responses[String(c)] = { description: STATUS_TEXT[c] ?? 'Error', content: { 'application/json': { schema: ERROR_REF } } };
    const parameters: Record<string, unknown>[] = params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (doc.query) {
      const q = jsonSchema(doc.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
    const op: Record<string, unknown> = {
      operationId: operationId(method, r.url),
      summary: doc.summary,
      tags: [doc.tag],
      ...(doc.who === 'public' ? { security: [] } : {}),
      ...(doc.who !== 'public' || doc.description
        ? {
            description: [
              doc.who !== 'public' ? `Caller: ${doc.who === 'device' ? 'any signed-in user or paired device' : doc.who}.` : '',
              doc.description ?? '',
            ]
              .filter(Boolean)
              .join(' '),
          }
        : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
      responses,
    };
    (paths[path] ??= {})[method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${title} — hall-queue REST API`,
      version: '1.0.0',
      description: 'REST v1 of one hall. Errors are `{error: {code, message, params?}}` with the codes of contract/src/errors.ts.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/api/v1', description: 'This hall server' }],
    tags: [...tags].sort().map((name) => ({ name })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A staff session token or a paired device token' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(contract.ERRORS) },
                message: { type: 'string', description: 'Chinese / English text, for logs' },
                params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
              },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
