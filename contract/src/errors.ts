/**
 * Every expected failure in the system has a code from this list (R4). A failure carries its code and the
 * parameters its words need; nobody parses the message. REST answers `{error: {code, message, params?}}`
 * with the HTTP status below (the message is the Chinese and English text, for logs and curl users).
 * Pages and the device agent choose their own words by code: `errorText(code, params, lang)`.
 *
 * Templates use `{name}` for parameters. Both languages are complete for every code (a test checks it).
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'Malformed request' },
  VALIDATION_FAILED: { status: 400, zh: '输入内容有误：{detail}', en: 'Invalid input: {detail}' },
  INVALID_DATE: { status: 400, zh: '日期无效：{value}', en: 'Not a valid date: {value}' },
  DATE_RANGE_REQUIRED: { status: 400, zh: '请给出日期或起止日期', en: 'Give a date, or from and to' },
  DATE_RANGE_INVERTED: { status: 400, zh: '开始日期晚于结束日期', en: '`from` is after `to`' },
  DATE_RANGE_TOO_LONG: { status: 400, zh: '日期范围最多 {maxDays} 天', en: 'At most {maxDays} days' },
  REASON_REQUIRED: { status: 400, zh: '差评需至少选择一项原因', en: 'A bad rating needs at least one reason' },
  CHECK_CODE_REQUIRED: {
    status: 400,
    zh: '请同时输入号票上的 4 位评价校验码，或扫描号票二维码',
    en: 'Enter the 4-digit check code printed on the ticket as well, or scan its QR code',
  },
  UNKNOWN_REASON: { status: 400, zh: '没有该评价原因：{tags}', en: 'Unknown reason tag: {tags}' },
  COMMENT_TOO_LONG: { status: 400, zh: '意见最多 {max} 字', en: 'A comment has at most {max} characters' },
  INVALID_RESIDENT_ID: { status: 400, zh: '身份证号码有误（{reason}）', en: 'Invalid resident ID number ({reason})' },
  USE_CHECK_IN: { status: 400, zh: '预约签到请使用预约签到功能', en: 'Use /appointments/check-in for appointments' },
  SERVICE_NOT_IN_CATEGORY: { status: 400, zh: '事项不属于该类别', en: 'The service is not in that category' },
  SAME_WINDOW: { status: 400, zh: '不能转给本窗口', en: 'Cannot transfer to the same window' },
  UNTIL_IN_PAST: { status: 400, zh: '结束时间必须晚于现在', en: '`until` must be in the future' },
  UPLINK_NOT_ASCENDING: {
    status: 400,
    zh: '上传事件序号未按升序排列（{seq}）',
    en: 'Uplink events are not in ascending seq order ({seq})',
  },
  UPLINK_BAD_HASH: { status: 400, zh: '上传事件 {seq} 的校验值不符', en: 'The hash of uplink event {seq} does not match its content' },
  HALL_EXISTS: { status: 409, zh: '大厅编号已存在：{id}', en: 'A hall with id {id} already exists' },
  USERNAME_TAKEN: { status: 400, zh: '用户名已存在', en: 'Username taken' },
  PASSWORD_TOO_SHORT: { status: 400, zh: '密码至少需要 {min} 个字符', en: 'A password needs at least {min} characters' },
  PASSWORD_TOO_COMMON: {
    status: 400,
    zh: '该密码过于常见或容易猜到，请换一个',
    en: 'This password is too common or too easy to guess; choose another',
  },
  PASSWORD_SAME: { status: 400, zh: '新密码不能与原密码相同', en: 'The new password must differ from the old one' },
  PASSWORD_CHANGE_NOT_REQUIRED: {
    status: 400,
    zh: '该账号无需修改密码，交接时请不要填写新密码',
    en: 'This account need not change its password; hand over without a new one',
  },
  CANNOT_DISABLE_SELF: { status: 400, zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
  LAST_ADMIN: { status: 409, zh: '这是最后一个可用的管理员账号', en: 'This is the last enabled admin account' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  BAD_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  PAIRING_CODE_INVALID: { status: 401, zh: '配对码无效或已使用', en: 'The pairing code is invalid, expired or already used' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Session expired' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'Not allowed' },
  UPLINK_HALL_MISMATCH: { status: 403, zh: '大厅密钥与大厅编号 {hallId} 不符', en: 'The hall key does not belong to hall {hallId}' },
  PAIRING_REQUIRED: { status: 403, zh: '此设备需要配对码', en: 'This device needs a pairing code' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'Change your initial password first' },
  DISPLAY_TOKEN_REQUIRED: {
    status: 401,
    zh: '该显示屏需要配对后才能接收叫号信息',
    en: 'This screen must be paired before it receives the hall stream',
  },
  CHECK_CODE_WRONG: { status: 403, zh: '号码与校验码不符', en: 'The number and the check code do not match' },
  NOT_AT_WINDOW: { status: 403, zh: '您未在该窗口登录', en: 'You are not signed in at this window' },
  NOT_CERTIFIED: { status: 403, zh: '未取得该类业务资质', en: 'Not certified for this category' },
  NOT_HOLDER: {
    status: 409,
    zh: '该号票由 {windowId} 窗口办理，本窗口不能操作',
    en: 'The ticket is held by window {windowId}; this window cannot act on it',
  },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  UNKNOWN_HALL: { status: 404, zh: '没有该大厅：{id}', en: 'Unknown hall: {id}' },
  UNKNOWN_CATEGORY: { status: 404, zh: '没有该业务类别：{id}', en: 'Unknown category: {id}' },
  UNKNOWN_SERVICE: { status: 404, zh: '没有该事项：{id}', en: 'Unknown service: {id}' },
  UNKNOWN_PRIORITY_GROUP: { status: 400, zh: '没有该优先群体：{id}', en: 'Unknown priority group: {id}' },
  UNKNOWN_MATTER: { status: 404, zh: '该号票没有此事项：{id}', en: 'The ticket has no such matter: {id}' },
  MATTER_NOT_CERTIFIED: {
    status: 403,
    zh: '本窗口不能办理事项「{id}」',
    en: 'This window may not handle the matter {id}',
  },
  UNKNOWN_BUNDLE: { status: 404, zh: '没有该主题服务：{id}', en: 'Unknown bundle: {id}' },
  UNKNOWN_WINDOW: { status: 404, zh: '没有该窗口', en: 'Unknown window' },
  UNKNOWN_TICKET: { status: 404, zh: '没有该号票', en: 'Unknown ticket' },
  UNKNOWN_PRINTER: { status: 404, zh: '没有该打印机', en: 'Unknown printer' },
  UNKNOWN_APPOINTMENT: { status: 404, zh: '未找到预约，请到导办台', en: 'Appointment not found; please ask at the help desk' },
  APPOINTMENT_NOT_TODAY: { status: 404, zh: '该预约不是今天的', en: 'This appointment is not for today' },
  UNKNOWN_CASE: { status: 404, zh: '没有该整改单', en: 'No such rectification case' },
  PROPOSAL_STALE: { status: 404, zh: '该调度建议已失效，请刷新', en: 'This proposal is no longer current; refresh' },
  ILLEGAL_TRANSITION: {
    status: 409,
    zh: '号票处于「{status}」状态，不能执行「{action}」',
    en: 'Cannot {action} a ticket that is {status}',
  },
  WINDOW_STATE: {
    status: 409,
    zh: '窗口处于「{status}」状态，不能执行「{action}」',
    en: 'Cannot {action} while the window is {status}',
  },
  NO_CURRENT_TICKET: { status: 409, zh: '窗口当前没有号票', en: 'The window has no current ticket' },
  CURRENT_NOT_STARTED: {
    status: 409,
    zh: '{number} 已呼叫但尚未开始办理：请开始办理、重呼或过号',
    en: '{number} was called but not started: start, recall or mark it no-show first',
  },
  WINDOW_BUSY: { status: 409, zh: '窗口正在办理 {number}，请先办结', en: 'The window is serving {number}; finish it first' },
  WINDOW_PAUSED: { status: 409, zh: '窗口已暂停服务', en: 'The window is paused' },
  WINDOW_CLOSED: { status: 409, zh: '窗口未开启（无人登录）', en: 'The window is closed (nobody signed in)' },
  WINDOW_OCCUPIED: { status: 409, zh: '该窗口已有其他人员登录', en: 'Someone else is signed in at this window' },
  SIGNED_IN_ELSEWHERE: {
    status: 409,
    zh: '您在 {windowId} 窗口还有未办结的号票',
    en: 'You still have an open ticket at window {windowId}',
  },
  TARGET_WINDOW_CLOSED: { status: 409, zh: '目标窗口 {windowId} 未开启', en: 'Window {windowId} is not open' },
  TARGET_NOT_CERTIFIED: {
    status: 409,
    zh: '目标窗口 {windowId} 不能办理该类业务',
    en: 'Window {windowId} may not serve this category',
  },
  TICKET_TARGETED: { status: 409, zh: '该号票已转给 {windowId} 窗口', en: 'The ticket was transferred to window {windowId}' },
  RECALL_LIMIT: { status: 409, zh: '已达到重呼次数上限（{max} 次）', en: 'Recall limit reached ({max})' },
  NO_SHOW_TOO_EARLY: {
    status: 409,
    zh: '呼叫 {calls} 次后才能过号',
    en: 'Call {calls} times before marking a no-show',
  },
  DAY_CLOSED: { status: 409, zh: '该号票属于已结束的营业日', en: 'The ticket belongs to a business day that has ended' },
  ALREADY_RATED: { status: 409, zh: '该号票已评价', en: 'This ticket has already been rated' },
  NOT_RATEABLE: { status: 409, zh: '办理完成后才能评价', en: 'Only a finished service can be rated' },
  RATING_PERIOD_OVER: {
    status: 409,
    zh: '已超过评价期限（办结后 {days} 天）',
    en: 'The rating period ({days} days after the service) is over',
  },
  NOTHING_TO_RATE: { status: 409, zh: '本窗口今天还没有办结的业务', en: 'Nothing finished at this window today' },
  APPEAL_SECOND_PERSON: { status: 403, zh: '申诉须由另一位负责人复核', en: 'An appeal is decided by a second supervisor' },
  APPEAL_STATE: { status: 409, zh: '该整改单没有待复核的申诉，或已有申诉', en: 'No pending appeal on this case, or one is already filed' },
  FOLLOW_UP_NOT_OPEN: {
    status: 409,
    zh: '整改办结后才能追评，且只能追评一次',
    en: 'A follow-up is possible once, after the case is closed',
  },
  CASE_CLOSED: { status: 409, zh: '整改已办结', en: 'The case is closed' },
  CASE_WRONG_STEP: { status: 409, zh: '当前应进行「{step}」', en: 'The next step is {step}' },
  MATTER_STATUS: {
    status: 409,
    zh: '事项处于「{status}」状态，不能改为「{to}」',
    en: 'A matter that is {status} cannot become {to}',
  },
  TICKET_HELD: {
    status: 409,
    zh: '该预约号票到预约时段才能呼叫',
    en: 'This appointment ticket joins the queue at its slot start',
  },
  NOT_DUE: { status: 409, zh: '尚未到规定时间', en: 'Not due yet' },
  APPOINTMENT_USED: { status: 409, zh: '该预约已签到', en: 'This appointment is already checked in' },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '同一请求编号用于了不同请求',
    en: 'Idempotency key reused with a different request',
  },
  ALLOCATION_OUTSIDE_SKILLS: {
    status: 422,
    zh: '窗口或人员无此类业务资质：{categories}',
    en: 'The window or its staff are not certified for: {categories}',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'Request too large' },
  TOO_MANY_ATTEMPTS: { status: 429, zh: '尝试次数过多，请稍后再试', en: 'Too many attempts, try again later' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; slow down' },
  TOO_MANY_CONNECTIONS: { status: 429, zh: '连接数已达上限', en: 'Too many connections' },
  KIOSK_RATING_LIMIT: {
    status: 429,
    zh: '本机评价过于频繁，请稍后再试，或用手机扫描号票二维码评价',
    en: 'Too many ratings at this kiosk; try again shortly, or scan the ticket QR code with a phone',
  },
  HALL_CLOSED: {
    status: 409,
    zh: '今日取号已结束，下次开放：{nextOpen}',
    en: 'Ticket issuing has ended for today; next opening: {nextOpen}',
  },
  PRINTER_UNAVAILABLE: {
    status: 503,
    zh: '打印机暂不可用（{status}），请到导办台',
    en: 'The printer cannot print ({status}); please ask at the help desk',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    zh: '系统暂时无法保存，请到导办台',
    en: 'The system cannot save right now; please ask at the help desk',
  },
  PUBLIC_URL_REQUIRED: {
    status: 503,
    zh: '服务器监听 {host}（非本机地址），必须配置 hall.publicUrl（或 --public-url），否则号票二维码无法在手机上打开',
    en: 'The server listens on {host} (not loopback): set hall.publicUrl (or --public-url), or the QR on each ticket cannot open on a phone',
  },
  PUBLIC_URL_LOOPBACK: {
    status: 503,
    zh: 'hall.publicUrl（{url}）指向本机回环地址，局域网内的手机无法打开；服务器监听 {host}，请填写大厅局域网地址或域名',
    en: 'hall.publicUrl ({url}) points at a loopback address that phones on the LAN cannot reach; the server listens on {host}: use the hall LAN address or domain name',
  },
  PUBLIC_URL_INVALID: {
    status: 503,
    zh: 'hall.publicUrl（{url}）无效：{problem}',
    en: 'hall.publicUrl ({url}) is not usable: {problem}',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Parameters a failure's words need: ids, numbers, counts, codes. Never personal data. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** An expected failure as a value: what core functions and services return instead of throwing. */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly params?: ErrorParams;
}

export function failure(code: ErrorCode, params?: ErrorParams): Failure {
  return params === undefined ? { ok: false, code } : { ok: false, code, params };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

export type Lang = 'zh' | 'en';

/** Words for parameter values that are codes (a ticket's status, an action, a rectification step). */
const PARAM_WORDS: Record<string, Record<string, { zh: string; en: string }>> = {
  status: {
    waiting: { zh: '等候中', en: 'waiting' },
    called: { zh: '已呼叫', en: 'called' },
    serving: { zh: '办理中', en: 'being served' },
    suspended: { zh: '已挂起', en: 'suspended' },
    done: { zh: '已办结', en: 'finished' },
    no_show: { zh: '已过号', en: 'a no-show' },
    cancelled: { zh: '已作废', en: 'cancelled' },
    open: { zh: '开放', en: 'open' },
    paused: { zh: '暂停', en: 'paused' },
    closed: { zh: '未开启', en: 'closed' },
    pending: { zh: '待办', en: 'to do' },
    accepted: { zh: '受理', en: 'accepted' },
    transferred: { zh: '转办', en: 'passed on' },
    needs_documents: { zh: '需补件', en: 'needs documents' },
  },
  to: {
    pending: { zh: '待办', en: 'to do' },
    accepted: { zh: '受理', en: 'accepted' },
    done: { zh: '办结', en: 'done' },
    transferred: { zh: '转办', en: 'passed on' },
    needs_documents: { zh: '需补件', en: 'needs documents' },
  },
  action: {
    call: { zh: '呼叫', en: 'call' },
    'call-next': { zh: '叫下一号', en: 'call the next ticket' },
    'call-specific': { zh: '指呼', en: 'call a chosen ticket' },
    recall: { zh: '重呼', en: 'recall' },
    start: { zh: '开始办理', en: 'start' },
    finish: { zh: '办结', en: 'finish' },
    'no-show': { zh: '过号', en: 'mark a no-show' },
    suspend: { zh: '挂起', en: 'suspend' },
    resume: { zh: '恢复办理', en: 'resume' },
    'resume-ticket': { zh: '恢复办理', en: 'resume' },
    transfer: { zh: '转移', en: 'transfer' },
    requeue: { zh: '重新排队', en: 're-queue' },
    'close-day': { zh: '日终结束', en: 'close at the end of the day' },
    'auto-no-show': { zh: '自动过号', en: 'end as a no-show automatically' },
    release: { zh: '预约到时入队', en: 'join the queue at the slot' },
    'next-matter': { zh: '转下一事项', en: 'pass on to the next matter' },
    pause: { zh: '暂停', en: 'pause' },
    unpause: { zh: '恢复服务', en: 'resume service' },
    'sign-in': { zh: '登录窗口', en: 'sign in' },
    'sign-out': { zh: '退出窗口', en: 'sign out' },
    'hand-over': { zh: '交接', en: 'hand over' },
    'set-allocation': { zh: '调整窗口', en: 'change the allocation' },
  },
  step: {
    verify: { zh: '核实', en: 'verify' },
    rectify: { zh: '整改', en: 'rectify' },
    revisit: { zh: '回访', en: 'revisit' },
  },
};

function fill(template: string, params: ErrorParams | undefined, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params?.[k];
    if (v === undefined) return '';
    return PARAM_WORDS[k]?.[String(v)]?.[lang] ?? String(v);
  });
}

/** The words for a failure in one language. Unknown codes (a newer server) fall back to a generic text. */
export function errorText(code: string, params: ErrorParams | undefined, lang: Lang): string {
  const e = isErrorCode(code) ? ERRORS[code] : ERRORS.INTERNAL;
  return fill(e[lang], params, lang)
    .replace(/[：:]\s*$/, '')
    .trim();
}

/** The REST `message`: Chinese, then English. */
export function errorMessage(code: ErrorCode, params?: ErrorParams): string {
  return `${errorText(code, params, 'zh')} / ${errorText(code, params, 'en')}`;
}

/** The REST error body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; params?: ErrorParams; details?: unknown };
}
