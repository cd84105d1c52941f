/**
 * 窗口动态调整 in one gesture: pick the categories (only those the window's skills and its staff's
 * certifications allow; the server enforces it too) or a preset ("支援 X"), choose how long, apply. A
 * temporary change reverts by itself on the server; every change lands in the audit log.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WindowState } from '@hall/contract';
import { Dialog } from '../shared/Dialog.tsx';
import { CategoryChip, CategoryToggle } from './CategoryChip.tsx';
import { categoryName, errorText, hhmm, useCategories, useSupervisor } from './supervisor-data.ts';
import { Segmented } from './Segmented.tsx';
import { Toast } from './Toast.tsx';

type Duration = 'permanent' | 'm30' | 'h1' | 'h2' | 'until';
const DURATIONS: Duration[] = ['permanent', 'm30', 'h1', 'h2', 'until'];
const DURATION_MS: Record<Exclude<Duration, 'permanent' | 'until'>, number> = { m30: 30 * 60_000, h1: 3600_000, h2: 2 * 3600_000 };

/**
 * The hall map and the allocation page both open the dialog on one window and report its outcome in a
 * toast. `openFor(windowId)` opens it; `showToast` reports something else; render `element` once.
 */
export function useAllocationDialog(windows: readonly WindowState[]): {
  openFor: (windowId: string) => void;
  showToast: (message: string) => void;
  element: ReactNode;
} {
  const [open, setOpen] = useState<string | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const w = windows.find((x) => x.id === open) ?? null;
  const element = (
    <>
      {w ? (
        <AllocationDialog
          w={w}
          onClose={() => setOpen(null)}
          onDone={(m) => {
            setOpen(null);
            setToast(m);
          }}
        />
      ) : null}
      <Toast message={toast} onDone={() => setToast(null)} />
    </>
  );
  return { openFor: setOpen, showToast: setToast, element };
}

export function AllocationDialog({ w, onClose, onDone }: { w: WindowState; onClose: () => void; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const { allocationWindows, hall, call, serverNow, refreshAllocation, refreshProposals } = useSupervisor();
  const cats = useCategories();
  const tz = hall?.timeZone ?? 'Asia/Shanghai';
  const info = allocationWindows.get(w.id);
  const allowed = info?.allowed ?? w.skills;
  const current = w.allocation.length > 0 ? w.allocation : [w.home];
  const [selected, setSelected] = useState<string[]>(current.filter((c) => allowed.includes(c)));
  const [duration, setDuration] = useState<Duration>('permanent');
  const [untilTime, setUntilTime] = useState(() => hhmm(serverNow() + 3600_000, tz));
  const [isPinned, setPinned] = useState(w.allocationPinned);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = (id: string) => categoryName(cats.get(id), i18n.language, id);
  const home = allowed.includes(w.home) ? w.home : (allowed[0] ?? w.home);

  const untilMs = useMemo((): number | null => {
    if (duration === 'permanent') return null;
    if (duration !== 'until') return serverNow() + DURATION_MS[duration];
    // A wall-clock time today in the hall's zone: take the server's date and build the instant from it.
    const [hh, mm] = untilTime.split(':').map(Number) as [number, number];
    const now = serverNow();
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(now))
        .map((p) => [p.type, p.value]),
    ) as Record<string, string>;
    const localNowMin = Number(parts.hour) * 60 + Number(parts.minute);
    return now + (hh * 60 + mm - localNowMin) * 60_000 - (now % 60_000);
  }, [duration, untilTime, serverNow, tz]);

  const isSame =
    selected.length === current.length &&
    selected.every((c) => current.includes(c)) &&
    duration === 'permanent' &&
    isPinned === w.allocationPinned;
  const problem =
    selected.length === 0
      ? t('alloc.pickOne')
      : untilMs !== null && untilMs <= serverNow()
        ? t('alloc.timeInPast')
        : isSame
          ? t('alloc.noChange')
          : null;

  const toggle = (c: string) =>
    setSelected((s) => (s.includes(c) ? s.filter((x) => x !== c) : allowed.filter((x) => x === c || s.includes(x))));
  const apply = async () => {
    if (problem || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await call(`/windows/${w.id}/allocation`, {
        method: 'PUT',
        body: { categories: selected, ...(untilMs !== null ? { until: new Date(untilMs).toISOString() } : {}), pinned: isPinned },
      });
      refreshAllocation();
      refreshProposals();
      onDone(t('alloc.done', { name: w.name, cats: selected.map(name).join('、') }));
    } catch (err) {
      setError(errorText(err, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  const presets: Array<{ key: string; label: string; cats: string[] }> = [
    { key: 'home', label: t('alloc.home', { name: name(home) }), cats: [home] },
    ...allowed
      .filter((c) => c !== home)
      .map((c) => ({ key: `support-${c}`, label: t('alloc.support', { name: name(c) }), cats: [home, c] })),
  ];
  if (allowed.length > 2) presets.push({ key: 'all', label: t('alloc.all'), cats: [...allowed] });

  return (
    <Dialog
      title={t('alloc.title', { name: w.name })}
      onCancel={onClose}
      onConfirm={apply}
      confirmLabel={isBusy ? t('alloc.applying') : t('alloc.apply')}
      isConfirmDisabled={problem !== null}
      isBusy={isBusy}
      error={error}
      width={760}
      testId="alloc-dialog"
    >
      <div className="sv-alloc-info">
        <div>
          <span className="cs-muted">{t('alloc.staff')}</span>
          <b>{w.staff?.displayName ?? t('window.noStaff')}</b>
        </div>
        <div>
          <span className="cs-muted">{t('alloc.current')}</span>
          <span className="sv-chips">
            {current.map((c) => (
              <CategoryChip key={c} color={cats.get(c)?.color}>
                {name(c)}
              </CategoryChip>
            ))}
            {w.allocationUntil ? <span className="sv-flag">{t('window.temporary', { t: hhmm(w.allocationUntil, tz) })}</span> : null}
          </span>
        </div>
      </div>
      <h3 className="sv-dlg-h">{t('alloc.presets')}</h3>
      <div className="sv-presets">
        {presets.map((p) => (
          <button
            key={p.key}
            type="button"
            className={`sv-preset ${p.cats.length === selected.length && p.cats.every((c) => selected.includes(c)) ? 'is-on' : ''}`}
            onClick={() => setSelected(allowed.filter((c) => p.cats.includes(c)))}
            data-testid={`alloc-preset-${p.key}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <h3 className="sv-dlg-h">{t('alloc.allowed')}</h3>
      <div className="sv-toggles">
        {allowed.map((c) => (
          <CategoryToggle
            key={c}
            color={cats.get(c)?.color}
            isOn={selected.includes(c)}
            onToggle={() => toggle(c)}
            testId={`alloc-cat-${c}`}
          >
            {name(c)}
          </CategoryToggle>
        ))}
      </div>
      {w.skills.length > allowed.length ? <p className="sv-dlg-note">{t('alloc.notCertified')}</p> : null}
      <h3 className="sv-dlg-h">{t('alloc.duration')}</h3>
      <Segmented
        as="radios"
        options={DURATIONS}
        value={duration}
        onChange={setDuration}
        label={(d) => t(d === 'until' ? 'alloc.untilTime' : `alloc.${d}`)}
        testIdPrefix="alloc-duration"
      >
        {duration === 'until' ? (
          <input
            type="time"
            className="cs-input sv-time"
            value={untilTime}
            onChange={(e) => setUntilTime(e.target.value)}
            data-testid="alloc-until"
          />
        ) : null}
      </Segmented>
      {untilMs !== null && selected.length > 0 ? (
        <p className="sv-dlg-note is-info" data-testid="alloc-revert-note">
          {t('alloc.revertNote', {
            t: hhmm(untilMs, tz),
            cats: (w.allocationUntil && info?.base ? info.base : current).map(name).join('、'),
          })}
        </p>
      ) : null}
      <label className="sv-check">
        <input type="checkbox" checked={isPinned} onChange={(e) => setPinned(e.target.checked)} data-testid="alloc-pin" />
        {t('alloc.pin')}
      </label>
      {problem && problem !== t('alloc.noChange') ? <p className="sv-dlg-note is-warn">{problem}</p> : null}
    </Dialog>
  );
}
