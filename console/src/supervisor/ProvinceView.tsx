/**
 * 省平台对接: the code-mapping tables the provincial 好差评 platform needs (hall → 部门编码, matter or category →
 * 事项编码, staff → 工号) and the 补传 log — ratings not delivered yet, with their attempts and last error.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import { describeError } from '../shared/messages.ts';
import { CardHead } from '../shared/CardHead.tsx';
import { useSupervisor } from './supervisor-data.ts';
import { Segmented } from './Segmented.tsx';

type Kind = 'hall' | 'service' | 'category' | 'staff';
const KINDS: Kind[] = ['hall', 'service', 'category', 'staff'];

interface CodesBody {
  codes: Array<{ kind: Kind; localId: string; code: string; updatedBy: string }>;
  localIds: Record<Kind, string[]>;
}
interface OutboxBody {
  sink: string;
  pending: number;
  oldestAt: number | null;
  lastError: string | null;
  backlog: Array<{ id: number; type: string; subject: string; attempts: number; lastError: string | null }>;
}

export function ProvinceView() {
  const { t, i18n } = useTranslation();
  const { call, hall } = useSupervisor();
  const [kind, setKind] = useState<Kind>('hall');
  const [codes, setCodes] = useState<CodesBody | null>(null);
  const [outbox, setOutbox] = useState<OutboxBody | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [c, o] = await Promise.all([call<CodesBody>('/province/codes'), call<OutboxBody>('/ratings/outbox')]);
    setCodes(c);
    setOutbox(o);
  }, [call]);
  useEffect(() => {
    load().catch((e: unknown) => setError(describeError(e, i18n.language)));
    const id = setInterval(() => void load().catch(() => undefined), 5000);
    return () => clearInterval(id);
  }, [load, i18n.language]);
  const label = (k: Kind, id: string): string => {
    if (k === 'hall') return hall?.name ?? id;
    if (k === 'service') return hall?.services.find((s) => s.id === id)?.name ?? id;
    if (k === 'category') return hall?.categories.find((c) => c.id === id)?.name ?? id;
    return id;
  };
  const save = async (localId: string) => {
    setError(null);
    try {
      const r = await call<{ codes: CodesBody['codes'] }>('/province/codes', {
        method: 'PUT',
        body: { kind, localId, code: (drafts[`${kind}/${localId}`] ?? '').trim() },
      });
      setCodes((c) => (c ? { ...c, codes: r.codes } : c));
      await load();
    } catch (e) {
      setError(describeError(e, i18n.language));
    }
  };
  const current = (id: string) => codes?.codes.find((c) => c.kind === kind && c.localId === id)?.code ?? '';
  return (
    <div className="sv-cases-page">
      <section className="cs-card sv-cases-list">
        <CardHead title={t('province.codes')}>
          <Segmented
            as="tabs"
            className="sv-seg-sm"
            options={KINDS}
            value={kind}
            onChange={setKind}
            label={(k) => t(`province.kind.${k}`)}
            testIdPrefix="codes-kind"
          />
        </CardHead>
        <div className="cs-card-body sv-scroll">
          <DataTable keyPrefix="province" columns={[`kind.${kind}`, `codeOf.${kind}`, '']} className="sv-table" testId="codes-table">
            {(codes?.localIds[kind] ?? []).map((id) => {
              const key = `${kind}/${id}`;
              return (
                <tr key={key}>
                  <td>{label(kind, id)}</td>
                  <td>
                    <input
                      className="cs-input sv-mono"
                      value={drafts[key] ?? current(id)}
                      placeholder={t('province.unmapped')}
                      onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
                      data-testid={`code-${key}`}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="cs-btn"
                      disabled={drafts[key] === undefined}
                      onClick={() => void save(id)}
                      data-testid={`code-save-${key}`}
                    >
                      {t('province.save')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </DataTable>
          {error ? (
            <p className="sv-red sv-small" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      </section>
      <section className="cs-card sv-case-detail" data-testid="outbox-card">
        <CardHead title={t('province.backlog')}>
          <span className={`sv-pill ${outbox && outbox.pending > 0 ? 'is-red' : 'is-green'}`} data-testid="outbox-pending">
            {t('province.pending', { n: outbox?.pending ?? 0 })}
          </span>
        </CardHead>
        <div className="cs-card-body sv-scroll sv-case-body">
          <p className="cs-muted sv-small">
            {t('province.sink')}: <b className="sv-mono">{outbox?.sink ?? '—'}</b>
          </p>
          {outbox?.lastError ? <p className="sv-red sv-small">{t('province.lastError', { error: outbox.lastError })}</p> : null}
          <ul className="sv-case-history" data-testid="outbox-backlog">
            {(outbox?.backlog ?? []).map((b) => (
              <li key={b.id}>
                <span className="sv-mono">#{b.id}</span>
                <b>{b.type}</b>
                <span>{t('province.attempts', { n: b.attempts })}</span>
                {b.lastError ? <span className="cs-muted">{b.lastError}</span> : null}
              </li>
            ))}
          </ul>
          {outbox && outbox.pending === 0 ? <p className="cs-muted">{t('province.allDelivered')}</p> : null}
        </div>
      </section>
    </div>
  );
}
