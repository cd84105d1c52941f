/** One window on the hall map: state, staff, current ticket with its time so far, and what it serves. */
import { useTranslation } from 'react-i18next';
import type { WindowState } from '@hall/contract';
import { durationText } from '../shared/useNow.ts';
import { CategoryChip } from './CategoryChip.tsx';
import { ClockIcon, LockIcon } from './Icons.tsx';
import { categoryName, hhmm, useCategories, useSupervisor } from './supervisor-data.ts';

export type WindowLook = 'serving' | 'called' | 'idle' | 'paused' | 'closed';

export function windowLook(w: WindowState): WindowLook {
  if (w.status === 'closed') return 'closed';
  if (w.status === 'paused') return 'paused';
  if (w.currentTicket?.status === 'serving') return 'serving';
  if (w.currentTicket?.status === 'called') return 'called';
  return 'idle';
}

export function WindowCard({ w, now, onOpen }: { w: WindowState; now: number; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const cats = useCategories();
  const { hall } = useSupervisor();
  const tz = hall?.timeZone ?? 'Asia/Shanghai';
  const look = windowLook(w);
  const cur = w.currentTicket;
  const since = cur ? Date.parse(cur.startedAt ?? cur.calledAt ?? cur.issuedAt) : null;
  const serving = w.allocation.length > 0 ? w.allocation : [w.home];
  return (
    <button type="button" className={`sv-win is-${look}`} onClick={() => onOpen(w.id)} data-testid={`win-${w.id}`} data-state={look}>
      <div className="sv-win-top">
        <span className="sv-win-no">{w.number}</span>
        <span className="sv-win-staff">{w.staff ? w.staff.displayName : <i>{t('window.noStaff')}</i>}</span>
        <span className={`sv-state is-${look}`}>{t(`status.${look}`)}</span>
      </div>
      <div className="sv-win-mid">
        {cur && since !== null ? (
          <>
            <span className="sv-win-ticket" data-testid={`win-${w.id}-ticket`}>
              {cur.number}
            </span>
            <span className="sv-win-time">
              {look === 'called'
                ? t('window.calledFor', { d: durationText(now - since) })
                : t('window.elapsed', { d: durationText(now - since) })}
            </span>
          </>
        ) : look === 'paused' ? (
          <span className="sv-win-note">{w.pauseReason ?? t('status.paused')}</span>
        ) : look === 'idle' ? (
          <span className="sv-win-note">{t('window.waitingCall')}</span>
        ) : (
          <span className="sv-win-note">—</span>
        )}
      </div>
      <div className="sv-win-chips" data-testid={`win-${w.id}-chips`}>
        {serving.map((c) => (
          <CategoryChip key={c} color={cats.get(c)?.color} size="sm">
            {categoryName(cats.get(c), i18n.language, c)}
          </CategoryChip>
        ))}
        {w.allocationUntil ? (
          <span className="sv-flag" title={t('window.temporary', { t: hhmm(w.allocationUntil, tz) })}>
            <ClockIcon size={12} />
            {hhmm(w.allocationUntil, tz)}
          </span>
        ) : null}
        {w.allocationPinned ? (
          <span className="sv-flag" title={t('window.pinned')}>
            <LockIcon size={12} />
          </span>
        ) : null}
      </div>
    </button>
  );
}
