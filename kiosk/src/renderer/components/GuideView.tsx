/** 一次性告知: everything a citizen must know about a matter, in the order the reform plans list it. */
import { useTranslation } from 'react-i18next';
import type { HallService } from '../app/context.tsx';

export function limitText(days: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (days === null) return t('matter.none');
  return days === 0 ? t('matter.immediate') : t('matter.days', { count: days });
}

export function GuideView({ service, compact = false }: { service: HallService; compact?: boolean }) {
  const { t } = useTranslation();
  const g = service.guide;
  return (
    <div className="guide" data-testid={`guide-${service.id}`}>
      {t('matter.contentZh') ? <p className="guide-note">{t('matter.contentZh')}</p> : null}
      <section className="guide-sec">
        <h3>{t('matter.materials')}</h3>
        <ul className="materials" data-testid="materials">
          {g.materials.map((m, i) => (
            <li key={`${m.name}${i}`} className={m.required ? '' : 'is-optional'}>
              <span className="mat-box" aria-hidden="true" />
              <span className="mat-name">
                {m.name}
                {m.note && !compact ? <span className="mat-note">{m.note}</span> : null}
              </span>
              <span className="mat-form">{t(`matter.${m.form}`)}</span>
              <span className="mat-count">{t('matter.count', { count: m.count })}</span>
              {!m.required ? <span className="mat-opt">{t('matter.optional')}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      {g.conditions.length > 0 ? (
        <section className="guide-sec">
          <h3>{t('matter.conditions')}</h3>
          <ol className="conditions">
            {g.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ol>
        </section>
      ) : null}
      {g.process.length > 0 ? (
        <section className="guide-sec">
          <h3>{t('matter.process')}</h3>
          <ol className="process">
            {g.process.map((p, i) => (
              <li key={i}>
                <span className="step-n">{i + 1}</span>
                <span>{p}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section className="guide-sec guide-facts">
        <dl>
          <div>
            <dt>{t('matter.legalLimit')}</dt>
            <dd data-testid="legal-limit">{limitText(g.legalLimitDays, t)}</dd>
          </div>
          <div>
            <dt>{t('matter.promisedLimit')}</dt>
            <dd data-testid="promised-limit">{limitText(g.promisedLimitDays, t)}</dd>
          </div>
          <div>
            <dt>{t('matter.fee')}</dt>
            <dd>{g.fee}</dd>
          </div>
          <div>
            <dt>{t('matter.visitsLabel')}</dt>
            <dd>{g.maxVisits === 0 ? t('matter.visitsZero') : t('matter.visits', { count: g.maxVisits })}</dd>
          </div>
          {g.location ? (
            <div>
              <dt>{t('matter.place')}</dt>
              <dd>{g.location}</dd>
            </div>
          ) : null}
          {g.hours ? (
            <div>
              <dt>{t('matter.hours')}</dt>
              <dd>{g.hours}</dd>
            </div>
          ) : null}
          {g.basis && !compact ? (
            <div>
              <dt>{t('matter.basis')}</dt>
              <dd>{g.basis}</dd>
            </div>
          ) : null}
          {g.online && !compact ? (
            <div>
              <dt>{t('matter.online')}</dt>
              <dd>{g.online}</dd>
            </div>
          ) : null}
          {g.consultPhone ? (
            <div>
              <dt>{t('matter.consult')}</dt>
              <dd>{g.consultPhone}</dd>
            </div>
          ) : null}
          {g.complaintPhone ? (
            <div>
              <dt>{t('matter.complaint')}</dt>
              <dd>{g.complaintPhone}</dd>
            </div>
          ) : null}
          {service.code && !compact ? (
            <div>
              <dt>{t('matter.code')}</dt>
              <dd className="mono">{service.code}</dd>
            </div>
          ) : null}
        </dl>
      </section>
    </div>
  );
}
