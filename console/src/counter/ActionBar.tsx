import { useTranslation } from 'react-i18next';
import type { WindowState } from '@hall/contract';
import { callsLeft, currentOf, isNoShowAllowed, SHORTCUTS, type CounterAction, type CounterRules } from './counter-state.ts';

interface ButtonSpec {
  action: CounterAction;
  label: string;
  hint: string;
  tone: 'primary' | 'go' | 'warn' | 'plain';
  isAlert?: boolean;
}

export function ActionBar({
  win,
  rules,
  allowed,
  isBusy,
  onAct,
}: {
  win: WindowState;
  rules: CounterRules;
  allowed: Record<CounterAction, boolean>;
  isBusy: boolean;
  onAct: (a: CounterAction) => void;
}) {
  const { t } = useTranslation();
  const cur = currentOf(win);
  const left = callsLeft(cur, rules);
  const calls = cur?.callCount ?? 0;
  const isPaused = win.status === 'paused';
  const buttons: ButtonSpec[] = [
    {
      action: 'call-next',
      label: cur?.status === 'serving' ? t('actions.callNextServing') : t('actions.callNext'),
      hint: t('actions.callNextHint'),
      tone: 'primary',
    },
    {
      action: 'recall',
      label: t('actions.recall'),
      hint: cur?.status === 'called' ? (left > 0 ? t('actions.callsLeft', { count: left }) : t('actions.recallNone')) : '',
      tone: 'plain',
      isAlert: cur?.status === 'called' && left === 0,
    },
    { action: 'start', label: t('actions.start'), hint: t('actions.startHint'), tone: 'go' },
    { action: 'finish', label: t('actions.finish'), hint: t('actions.finishHint'), tone: 'go' },
    {
      action: 'no-show',
      label: t('actions.noShow'),
      hint: isNoShowAllowed(cur, rules)
        ? t('actions.noShowReady', { calls })
        : t('actions.noShowRule', { n: rules.noShowAfterCalls, calls }),
      tone: 'warn',
    },
    { action: 'suspend', label: t('actions.suspend'), hint: t('actions.suspendHint'), tone: 'warn' },
    { action: 'transfer', label: t('actions.transfer'), hint: t('actions.transferHint'), tone: 'plain' },
    isPaused
      ? { action: 'resume', label: t('actions.resume'), hint: t('actions.resumeHint'), tone: 'primary' }
      : { action: 'pause', label: t('actions.pause'), hint: cur ? t('actions.pauseBusy') : t('actions.pauseHint'), tone: 'plain' },
    { action: 'call-specific', label: t('actions.callSpecific'), hint: t('actions.callSpecificHint'), tone: 'plain' },
    { action: 'hand-over', label: t('actions.handOver'), hint: t('actions.handOverHint'), tone: 'plain' },
  ];
  return (
    <nav className="ct-actions" aria-label="actions" data-testid="action-bar">
      {buttons.map((b) => {
        const key = SHORTCUTS[b.action as keyof typeof SHORTCUTS];
        return (
          <button
            key={b.action}
            type="button"
            className={`ct-act ct-act-${b.tone}`}
            disabled={!allowed[b.action] || isBusy}
            onClick={() => onAct(b.action)}
            data-testid={`act-${b.action}`}
            title={`${b.label} (${key})`}
          >
            <kbd className="ct-act-key">{key}</kbd>
            <span className="ct-act-label">{b.label}</span>
            <span className={`ct-act-hint${b.isAlert ? ' is-alert' : ''}`} data-testid={`act-${b.action}-hint`}>
              {b.hint || '\u00a0'}
            </span>
          </button>
        );
      })}
    </nav>
  );
}
