/**
 * 绿色通道: the citizen taps the priority group they belong to (the hall's configured groups), then takes a
 * number the usual way. The ticket records the group, never the proof: the window checks the document.
 */
import { useTranslation } from 'react-i18next';
import { nameOf, useKiosk } from '../app/context.tsx';
import { ScreenTitle } from '../components/Chrome.tsx';
import { IconPriority } from '../components/Icons.tsx';

export function PriorityScreen() {
  const { t } = useTranslation();
  const k = useKiosk();
  const choose = (id: string) => {
    k.setPriorityGroup(id);
    k.nav({ type: 'replace', route: { name: 'finder', purpose: 'ticket', tab: 'category' } });
  };
  return (
    <div className="screen priority" data-testid="screen-priority">
      <ScreenTitle title={t('priority.title')} sub={t('priority.sub')} />
      <div className="priority-list" data-testid="priority-list">
        {k.hall.priorityGroups.map((g) => (
          <button key={g.id} type="button" className="priority-row" data-testid={`priority-${g.id}`} onClick={() => choose(g.id)}>
            <span className="priority-icon" aria-hidden="true">
              <IconPriority size={44} />
            </span>
            <span className="priority-name">{nameOf({ name: g.label, nameEn: g.labelEn }, k.lang)}</span>
            <span className="chev" aria-hidden="true">
              ›
            </span>
          </button>
        ))}
      </div>
      <p className="priority-proof" data-testid="priority-proof">
        {t('priority.proof')}
      </p>
    </div>
  );
}
