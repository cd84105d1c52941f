/**
 * A reference adapter modelled on the Sichuan 一体化政务服务平台 好差评 endpoint: each rating is a multipart
 * POST whose field `content` is a JSON object —
 *
 *   busiCode (办件编号), evalChannel ("3": 政务服务大厅), evalSource ("2"), objType ("2": 窗口人员),
 *   objCode (工号), deptCode (部门编码), itemCode (实施清单编码), score (1–5), praise[] (好评标签),
 *   evaluationChildren[] (差评标签), instructions (意见), anonymous ("1"), evalTime.
 *
 * The platform is expected to key by busiCode; this adapter also treats the platform's "already rated"
 * answer (HTTP 409, or `{code: "DUPLICATE"}`) as delivered, so a retry after a lost reply cannot fail forever.
 * `GET {base}/tags` gives the tag set and `GET {base}/stats?month=YYYY-MM` the monthly figures.
 * Field names follow the published script; a real deployment checks them against the province's current spec.
 */
import type { ProvinceAdapter, ProvinceRating, ProvinceStats, ProvinceTag } from './adapter.ts';

export class SichuanAdapter implements ProvinceAdapter {
  readonly id = 'sichuan';
  constructor(
    private readonly base: string,
    private readonly opts: { timeoutMs?: number; token?: string | undefined } = {},
  ) {
    const u = new URL(base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`province URL must be http(s): ${base}`);
  }

  private signal(s: AbortSignal): AbortSignal {
    return AbortSignal.any([s, AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)]);
  }
  private headers(): Record<string, string> {
    return this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {};
  }

  /** The `content` JSON for one rating. */
  static content(r: ProvinceRating): Record<string, unknown> {
    const bad = r.level <= 2;
    return {
      busiCode: r.affairNo,
      evalChannel: '3',
      evalSource: '2',
      objType: '2',
      objCode: r.staffNo,
      deptCode: r.deptCode,
      itemCode: r.itemCode,
      score: r.level,
      praise: bad ? [] : r.tags,
      evaluationChildren: bad ? r.tags : [],
      instructions: r.comment ?? '',
      anonymous: '1',
      evalTime: r.ratedAt,
      hallChannel: r.channel,
    };
  }

  async push(r: ProvinceRating, signal: AbortSignal): Promise<void> {
    const form = new FormData();
    form.set('content', JSON.stringify(SichuanAdapter.content(r)));
    const res = await fetch(`${this.base}/evaluationFileHandler`, {
      method: 'POST',
      body: form,
      headers: this.headers(),
      redirect: 'error',
      signal: this.signal(signal),
    });
    const text = await res.text().catch(() => '');
    if (res.status === 409) return;
    if (res.status < 200 || res.status > 299) throw new Error(`province HTTP ${res.status}`);
    let body: { code?: unknown } = {};
    try {
      body = JSON.parse(text) as { code?: unknown };
    } catch {
      throw new Error('province answered without JSON');
    }
    if (body.code !== '0' && body.code !== 0 && body.code !== 'DUPLICATE') throw new Error(`province code ${String(body.code)}`);
  }

  async pullTags(signal: AbortSignal): Promise<ProvinceTag[]> {
    const res = await fetch(`${this.base}/tags`, { headers: this.headers(), signal: this.signal(signal) });
    if (!res.ok) throw new Error(`province HTTP ${res.status}`);
    return ((await res.json()) as { tags: ProvinceTag[] }).tags;
  }

  async pullStats(month: string, signal: AbortSignal): Promise<ProvinceStats> {
    const res = await fetch(`${this.base}/stats?month=${encodeURIComponent(month)}`, {
      headers: this.headers(),
      signal: this.signal(signal),
    });
    if (!res.ok) throw new Error(`province HTTP ${res.status}`);
    return (await res.json()) as ProvinceStats;
  }
}
