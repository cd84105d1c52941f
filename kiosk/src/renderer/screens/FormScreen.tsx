/**
 * 一表申请: the citizen fills one form for the whole visit (every matter of a bundle shares it). Fields are
 * edited with the on-screen keyboard; an ID-card reader (Electron bridge or keyboard wedge) fills the ID
 * part; ID numbers are checked here (GB 11643) before anything is sent; "没有带证件" is always a choice.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormField, IdKind } from '@hall/contract';
import { nameOf, useKiosk } from '../app/context.tsx';
import { formStore, toTicketForm, unionFields, useForm, validateForm, type FormErrorKey } from '../app/form-store.ts';
import type { Target } from '../app/routes.ts';
import { classifyScan } from '../app/scan.ts';
import { useTakeNumber } from '../app/useTakeNumber.tsx';
import { useWedgeHandler } from '../app/useWedge.ts';
import { ScreenTitle } from '../components/Chrome.tsx';
import { IconIdCard, IconTicket } from '../components/Icons.tsx';
import { Keyboard, type KeyboardMode } from '../components/Keyboard.tsx';
import type { ImeField } from '../ime/engine.ts';
import { preloadIme } from '../ime/load.ts';
import { TouchField } from '../components/TouchField.tsx';

const ID_KINDS: IdKind[] = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'none'];
type FieldId = 'idNumber' | 'name' | 'phone' | 'address' | `f:${string}`;

function modeOf(id: FieldId, idKind: IdKind, fields: readonly FormField[]): KeyboardMode | null {
  if (id === 'idNumber') return idKind === 'resident_id' ? 'id' : 'code';
  if (id === 'phone') return 'digits';
  if (id === 'name' || id === 'address') return 'text';
  const f = fields.find((x) => `f:${x.key}` === id);
  if (!f || f.type === 'select') return null;
  return f.type === 'number' || f.type === 'date' ? 'digits' : 'text';
}

/** How the input method ranks candidates: a person's name, or an address / company / project name. */
const imeFieldOf = (id: FieldId): ImeField => (id === 'name' ? 'name' : 'address');

function maxOf(id: FieldId, idKind: IdKind, fields: readonly FormField[]): number {
  if (id === 'idNumber') return idKind === 'resident_id' ? 18 : 40;
  if (id === 'phone') return 11;
  if (id === 'name') return 40;
  if (id === 'address') return 120;
  return fields.find((x) => `f:${x.key}` === id)?.maxLength ?? 100;
}

export function FormScreen({ target }: { target: Target }) {
  const { t, i18n } = useTranslation();
  const k = useKiosk();
  const form = useForm();
  const take = useTakeNumber();
  const services = useMemo(() => {
    const ids = target.kind === 'service' ? [target.serviceId] : (k.hall.bundles.find((b) => b.id === target.bundleId)?.serviceIds ?? []);
    return ids.map((id) => k.hall.services.find((s) => s.id === id)).filter((s) => s !== undefined);
  }, [target, k.hall]);
  const fields = useMemo(() => unionFields(services.map((s) => s.formFields)), [services]);
  const [active, setActive] = useState<FieldId | null>(form.idKind === 'none' ? 'name' : 'idNumber');
  const [submitted, setSubmitted] = useState(false);
  const [cardNotice, setCardNotice] = useState(false);
  useEffect(preloadIme, []);

  const errors = validateForm(form, fields, k.hall.businessDate);
  // The ID number is judged as soon as it is complete; everything else after the first submit.
  const idComplete = form.idKind === 'resident_id' && form.idNumber.length >= 18;
  const show = (key: FormErrorKey) => (submitted || (key === 'idNumber' && idComplete) ? errors[key] : undefined);

  const fillFromCard = (card: { idNumber: string; name?: string; address?: string }) => {
    formStore.set({
      idKind: 'resident_id',
      idNumber: card.idNumber,
      ...(card.name ? { name: card.name } : {}),
      ...(card.address ? { address: card.address } : {}),
      fromCard: card.name !== undefined,
    });
    setCardNotice(true);
    setActive(null);
  };
  const fillRef = useRef(fillFromCard);
  fillRef.current = fillFromCard;
  useEffect(() => window.kioskBridge?.onCardScanned((c) => fillRef.current(c)), []);
  useWedgeHandler((line) => {
    const s = classifyScan(line);
    if (s.kind === 'resident-id') fillFromCard({ idNumber: s.idNumber });
  });

  const valueOf = (id: FieldId): string => {
    if (id === 'idNumber' || id === 'name' || id === 'phone' || id === 'address') return form[id];
    return form.fields[id.slice(2)] ?? '';
  };
  const setValue = (id: FieldId, v: string) => {
    const max = maxOf(id, form.idKind, fields);
    const next = v.slice(0, max);
    if (id === 'idNumber') formStore.set({ idNumber: next, fromCard: false });
    else if (id === 'name' || id === 'phone' || id === 'address') formStore.set({ [id]: next });
    else formStore.setField(id.slice(2), next);
  };
  const mode = active ? modeOf(active, form.idKind, fields) : null;

  const submit = () => {
    setSubmitted(true);
    const keys = Object.keys(errors) as FormErrorKey[];
    if (keys.length > 0) {
      const first = keys[0] as FormErrorKey;
      setActive(first.startsWith('field.') ? (`f:${first.slice(6)}` as FieldId) : (first as FieldId));
      return;
    }
    void take.take(target, toTicketForm(form, fields));
  };

  const otherLng = i18n.language === 'zh' ? 'en' : 'zh';
  const idError = show('idNumber');
  const idErrorView = idError ? (
    <>
      <span>{t(idError.key)}</span>
      {idError.key.startsWith('form.error.id.') ? <span className="err-alt">{t(idError.key, { lng: otherLng })}</span> : null}
    </>
  ) : null;
  const req = (r: boolean) => (r ? t('form.required') : t('form.optional'));
  const labelOf = (f: FormField | undefined) => (f ? (k.lang === 'en' && f.labelEn ? f.labelEn : f.label) : '');

  return (
    <div className="screen form" data-testid="screen-form">
      <ScreenTitle
        title={t('form.title')}
        sub={t('form.for', { names: services.map((s) => nameOf(s, k.lang)).join(k.lang === 'zh' ? '、' : ', ') })}
      />
      <div className="form-layout">
        <div className="form-fields">
          <p className="pane-hint">{t('form.subtitle')}</p>
          <section className="form-sec">
            <h3>{t('form.identity')}</h3>
            <div className="chips" role="radiogroup" aria-label={t('form.identity')}>
              {ID_KINDS.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  role="radio"
                  aria-checked={form.idKind === kind}
                  className={`chip-btn${form.idKind === kind ? ' is-on' : ''}${kind === 'none' ? ' chip-none' : ''}`}
                  data-testid={`idkind-${kind}`}
                  onClick={() => {
                    formStore.set({ idKind: kind, idNumber: kind === form.idKind ? form.idNumber : '', fromCard: false });
                    setActive(kind === 'none' ? 'name' : 'idNumber');
                  }}
                >
                  {t(`form.idKind.${kind}`)}
                </button>
              ))}
            </div>
            {form.idKind === 'resident_id' ? (
              <div className={`card-prompt${cardNotice ? ' is-read' : ''}`} data-testid="card-prompt">
                <IconIdCard size={56} />
                <span>{cardNotice ? t('form.cardRead') : t('form.cardPrompt')}</span>
              </div>
            ) : null}
            {form.idKind === 'none' ? (
              <p className="note" data-testid="no-id-note">
                {t('form.noIdNote')}
              </p>
            ) : (
              <TouchField
                testId="field-idNumber"
                label={form.idKind === 'resident_id' ? t('form.idNumberResident') : t('form.idNumber')}
                value={form.idNumber}
                active={active === 'idNumber'}
                onActivate={() => setActive('idNumber')}
                placeholder={t('form.tapToFill')}
                mono
                required
                requiredLabel={t('form.required')}
                error={idErrorView}
              />
            )}
          </section>
          <section className="form-sec form-grid">
            <TouchField
              testId="field-name"
              label={t('form.name')}
              value={form.name}
              active={active === 'name'}
              onActivate={() => setActive('name')}
              placeholder={t('form.tapToFill')}
              requiredLabel={req(false)}
            />
            <TouchField
              testId="field-phone"
              label={t('form.phone')}
              value={form.phone}
              active={active === 'phone'}
              onActivate={() => setActive('phone')}
              placeholder={t('form.tapToFill')}
              requiredLabel={req(false)}
              mono
              error={show('phone') ? t(show('phone')?.key ?? '') : null}
            />
            <TouchField
              testId="field-address"
              label={t('form.address')}
              value={form.address}
              active={active === 'address'}
              onActivate={() => setActive('address')}
              placeholder={t('form.tapToFill')}
              requiredLabel={req(false)}
            />
          </section>
          {fields.length > 0 ? (
            <section className="form-sec">
              <h3>{t('form.specific')}</h3>
              <div className="form-grid">
                {fields.map((f) => {
                  const id = `f:${f.key}` as FieldId;
                  const label = labelOf(f);
                  const err = show(`field.${f.key}`);
                  if (f.type === 'select') {
                    return (
                      <div key={f.key} className={`tfield tfield-select${err ? ' has-error' : ''}`}>
                        <div className="tfield-label">
                          <span>{label}</span>
                          <span className={`tfield-tag${f.required ? ' is-required' : ''}`}>{req(f.required)}</span>
                        </div>
                        <div className="chips">
                          {(f.options ?? []).map((o) => (
                            <button
                              key={o}
                              type="button"
                              className={`chip-btn${form.fields[f.key] === o ? ' is-on' : ''}`}
                              data-testid={`opt-${f.key}-${o}`}
                              onClick={() => {
                                formStore.setField(f.key, o);
                                setActive(null);
                              }}
                            >
                              {o}
                            </button>
                          ))}
                        </div>
                        {err ? (
                          <div className="tfield-error" role="alert">
                            {t(err.key)}
                          </div>
                        ) : null}
                      </div>
                    );
                  }
                  return (
                    <TouchField
                      key={f.key}
                      testId={`field-${f.key}`}
                      label={label}
                      value={valueOf(id)}
                      active={active === id}
                      onActivate={() => setActive(id)}
                      placeholder={t('form.tapToFill')}
                      required={f.required}
                      requiredLabel={req(f.required)}
                      multiline={f.type === 'textarea'}
                      mono={f.type === 'number'}
                      error={err ? t(err.key) : null}
                    />
                  );
                })}
              </div>
            </section>
          ) : null}
          {submitted && Object.keys(errors).length > 0 ? (
            <div className="inline-error" role="alert" data-testid="form-errors">
              {t('form.error.fix')}
            </div>
          ) : null}
          {take.error ? (
            <div className="inline-error" role="alert" data-testid="take-error">
              {take.error}
            </div>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-ghost btn-lg"
              data-testid="skip-form"
              disabled={take.pending}
              onClick={() => void take.take(target)}
            >
              {t('form.skip')}
            </button>
            <button type="button" className="btn btn-primary btn-xl" data-testid="submit-form" disabled={take.pending} onClick={submit}>
              <IconTicket size={48} />
              <span>{take.pending ? t('issue.taking') : t('form.submit')}</span>
            </button>
          </div>
        </div>
        <div className={`form-kb${mode ? '' : ' is-empty'}`}>
          {active && mode ? (
            <>
              <div className="kb-target">
                {active === 'idNumber'
                  ? form.idKind === 'resident_id'
                    ? t('form.idNumberResident')
                    : t('form.idNumber')
                  : active.startsWith('f:')
                    ? labelOf(fields.find((f) => `f:${f.key}` === active))
                    : t(`form.${active}`)}
              </div>
              <Keyboard
                key={active}
                mode={mode}
                field={imeFieldOf(active)}
                value={valueOf(active)}
                onInput={(s) => setValue(active, valueOf(active) + s)}
                onBackspace={() => setValue(active, Array.from(valueOf(active)).slice(0, -1).join(''))}
                onReplace={(count, text) =>
                  setValue(
                    active,
                    Array.from(valueOf(active))
                      .slice(0, Math.max(0, Array.from(valueOf(active)).length - count))
                      .join('') + text,
                  )
                }
                onClear={() => setValue(active, '')}
                onDone={() => setActive(null)}
              />
            </>
          ) : (
            <div className="kb-idle">
              <IconIdCard size={96} />
              <p>{t('form.cardPrompt')}</p>
            </div>
          )}
        </div>
      </div>
      {take.dialog}
    </div>
  );
}
