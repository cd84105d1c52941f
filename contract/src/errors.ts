/**
 * Every expected failure in the system has a code from this list (R4). REST answers carry it as
 * `{error: {code, message}}` with the HTTP status below; socket acks carry it as `{ok: false, code, message}`.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: '请求格式不正确 / Malformed request' },
  VALIDATION_FAILED: { status: 400, message: '输入内容有误 / Invalid input' },
  REASON_REQUIRED: { status: 400, message: '差评需至少选择一项原因 / A bad rating needs at least one reason' },
  UNAUTHENTICATED: { status: 401, message: '请先登录 / Sign in first' },
  BAD_CREDENTIALS: { status: 401, message: '用户名或密码错误 / Wrong username or password' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录 / Session expired' },
  FORBIDDEN: { status: 403, message: '无权执行此操作 / Not allowed' },
  NOT_AT_WINDOW: { status: 403, message: '您未在该窗口登录 / You are not signed in at this window' },
  NOT_CERTIFIED: { status: 403, message: '未取得该类业务资质 / Not certified for this category' },
  NOT_FOUND: { status: 404, message: '未找到 / Not found' },
  UNKNOWN_CATEGORY: { status: 404, message: '没有该业务类别 / Unknown category' },
  UNKNOWN_SERVICE: { status: 404, message: '没有该事项 / Unknown service' },
  UNKNOWN_WINDOW: { status: 404, message: '没有该窗口 / Unknown window' },
  UNKNOWN_TICKET: { status: 404, message: '没有该号票 / Unknown ticket' },
  UNKNOWN_PRINTER: { status: 404, message: '没有该打印机 / Unknown printer' },
  UNKNOWN_APPOINTMENT: { status: 404, message: '未找到预约，请到导办台 / Appointment not found' },
  ILLEGAL_TRANSITION: { status: 409, message: '当前状态不允许此操作 / Not allowed in the current state' },
  NO_CURRENT_TICKET: { status: 409, message: '窗口当前没有号票 / The window has no current ticket' },
  WINDOW_BUSY: { status: 409, message: '窗口正在办理其他号票 / The window is busy with another ticket' },
  WINDOW_PAUSED: { status: 409, message: '窗口已暂停服务 / The window is paused' },
  WINDOW_OCCUPIED: { status: 409, message: '该窗口已有其他人员登录 / Someone else is signed in at this window' },
  RECALL_LIMIT: { status: 409, message: '已达到重呼次数上限 / Recall limit reached' },
  ALREADY_RATED: { status: 409, message: '该号票已评价 / This ticket has already been rated' },
  NOT_RATEABLE: { status: 409, message: '办理完成后才能评价 / Only a finished service can be rated' },
  APPOINTMENT_USED: { status: 409, message: '该预约已签到 / This appointment is already checked in' },
  IDEMPOTENCY_CONFLICT: { status: 409, message: '同一请求编号用于了不同请求 / Idempotency key reused with a different request' },
  ALLOCATION_OUTSIDE_SKILLS: { status: 422, message: '窗口人员无此类业务资质 / The window is not certified for that category' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大 / Request too large' },
  TOO_MANY_ATTEMPTS: { status: 429, message: '尝试次数过多，请稍后再试 / Too many attempts, try again later' },
  PRINTER_UNAVAILABLE: { status: 503, message: '打印机暂不可用，请到导办台 / The printer cannot print; please ask at the help desk' },
  STORAGE_UNAVAILABLE: {
    status: 503,
    message: '系统暂时无法保存，请到导办台 / The system cannot save right now; please ask at the help desk',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected failure as a value: what core functions and services return instead of throwing. */
export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
}

export function failure(code: ErrorCode, message?: string): Failure {
  return { ok: false, code, message: message ?? ERRORS[code].message };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The REST error body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
