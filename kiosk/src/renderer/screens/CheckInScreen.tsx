/** 预约签到: by booking code or ID number (typed, or read from the card), → an appointment-priority ticket. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkResidentId } from '@hall/contract/src/privacy.ts';
import { useKiosk } from '../app/context.tsx';
import { classifyScan } from '../app/scan.ts';
import { useTakeNumber } from '../app/useTakeNumber.tsx';
import { useWedgeHandler } from '../app/useWedge.ts';
import { ScreenTitle } from '../components/Chrome.tsx';
import { IconCalendarCheck, IconIdCard } from '../components/Icons.tsx';
import { Keyboard } from '../components/Keyboard.tsx';
import { TouchField } from '../components/TouchField.tsx';

export function CheckInScreen() {
  const { t } = useTranslation();
  const k = useKiosk();
  const take = useTakeNumber();
  const [by, setBy] = useState<'code' | 'id'>('code');
  const [code, setCode] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [idError, setIdError] = useState<string | null>(null);

  const submitId = (id: string) => {
    const c = checkResidentId(id, k.hall.businessDate);
    if (!c.ok) {
      setIdError(t(`form.error.id.${c.reason}`));
      return;
    }
    setIdError(null);
    void take.checkIn({ idNumber: id });
  };
  const submit = () => {
    take.clearError();
    if (by === 'code') {
      if (code.trim().length >= 4) void take.checkIn({ code: code.trim() });
      return;
    }
    submitId(idNumber);
  };
  const fromCard = (id: string) => {
    setBy('id');
    setIdNumber(id);
    submitId(id);
  };
  const fromCardRef = useRef(fromCard);
  fromCardRef.current = fromCard;
  useEffect(() => window.kioskBridge?.onCardScanned((c) => fromCardRef.current(c.idNumber)), []);
  useWedgeHandler((line) => {
    const s = classifyScan(line);
    if (s.kind === 'resident-id') fromCard(s.idNumber);
    else if (s.kind === 'code' || s.kind === 'ticket-number') {
      setBy('code');
      setCode(s.kind === 'code' ? s.code : s.number);
    }
  });

  const value = by === 'code' ? code : idNumber;
  const set = (v: string) => {
    take.clearError();
    if (by === 'code') setCode(v.slice(0, 20));
    else {
      setIdNumber(v.slice(0, 18));
      setIdError(null);
    }
  };
  return (
    <div className="screen checkin" data-testid="screen-checkin">
      <ScreenTitle title={t('checkin.title')} sub={t('checkin.subtitle')} />
      <div className="form-layout">
        <div className="form-fields">
          <div className="tabs tabs-inline" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={by === 'code'}
              className={`tab${by === 'code' ? ' is-on' : ''}`}
              data-testid="checkin-by-code"
              onClick={() => setBy('code')}
            >
              <IconCalendarCheck size={36} />
              <span>{t('checkin.byCode')}</span>
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={by === 'id'}
              className={`tab${by === 'id' ? ' is-on' : ''}`}
              data-testid="checkin-by-id"
              onClick={() => setBy('id')}
            >
              <IconIdCard size={36} />
              <span>{t('checkin.byId')}</span>
            </button>
          </div>
          {by === 'id' ? (
            <div className="card-prompt" data-testid="card-prompt">
              <IconIdCard size={56} />
              <span>{t('form.cardPrompt')}</span>
            </div>
          ) : null}
          <TouchField
            testId={by === 'code' ? 'checkin-code' : 'checkin-id'}
            label={by === 'code' ? t('checkin.codeLabel') : t('checkin.idLabel')}
            value={value}
            active
            onActivate={() => undefined}
            mono
            placeholder={t('checkin.useKeyboard')}
            error={by === 'id' ? idError : null}
          />
          {take.error ? (
            <div className="inline-error" role="alert" data-testid="checkin-error">
              {take.error}
            </div>
          ) : null}
          <div className="checkin-help">
            <h3>{t('checkin.helpTitle')}</h3>
            <ul>
              <li>{t('checkin.help1')}</li>
              <li>{t('checkin.help2')}</li>
              <li>{t('checkin.help3')}</li>
            </ul>
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary btn-xl"
              data-testid="checkin-submit"
              disabled={take.pending || value.length < 4}
              onClick={submit}
            >
              {take.pending ? t('issue.taking') : t('checkin.submit')}
            </button>
          </div>
        </div>
        <div className="form-kb">
          <Keyboard
            mode={by === 'code' ? 'code' : 'id'}
            onInput={(s) => set(value + s)}
            onBackspace={() => set(value.slice(0, -1))}
            onClear={() => set('')}
          />
        </div>
      </div>
      {take.dialog}
    </div>
  );
}
