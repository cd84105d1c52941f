/**
 * The on-screen keyboard: a kiosk has no OS keyboard. Large keys, one layout per kind of field:
 * `digits` (phone, amounts), `id` (digits + X), `code` (capitals + digits: ticket numbers, booking codes),
 * `letters` (lower case + digits: pinyin search), `text` (pinyin → Chinese characters, or plain letters).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadImeTable, type ImeTable } from '../app/ime.ts';

export type KeyboardMode = 'digits' | 'id' | 'code' | 'letters' | 'text';

export interface KeyboardProps {
  mode: KeyboardMode;
  onInput: (text: string) => void;
  onBackspace: () => void;
  onClear: () => void;
  onDone?: () => void;
}

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function Key({ k, label, onPress, wide, kind }: { k: string; label?: string; onPress: () => void; wide?: number; kind?: 'fn' | 'ok' }) {
  return (
    <button
      type="button"
      className={`key${kind ? ` key-${kind}` : ''}`}
      style={wide ? { flexGrow: wide } : undefined}
      data-testid={`key-${k}`}
      onPointerDown={(e) => e.preventDefault()}
      onClick={onPress}
    >
      {label ?? k}
    </button>
  );
}

export function Keyboard({ mode, onInput, onBackspace, onClear, onDone }: KeyboardProps) {
  const { t } = useTranslation();
  const [composing, setComposing] = useState('');
  const [chinese, setChinese] = useState(true);
  const [ime, setIme] = useState<ImeTable | null>(null);
  const [page, setPage] = useState(0);

  useEffect(() => {
    if (mode !== 'text') return;
    let live = true;
    void loadImeTable().then((tbl) => {
      if (live) setIme(tbl);
    });
    return () => {
      live = false;
    };
  }, [mode]);
  useEffect(() => {
    setComposing('');
    setPage(0);
  }, [mode]);

  const back = () => {
    if (composing !== '') {
      setComposing(composing.slice(0, -1));
      setPage(0);
    } else onBackspace();
  };
  const clear = () => {
    setComposing('');
    onClear();
  };
  const fnRow = (
    <div className="kb-row">
      <Key k="clear" label={t('keyboard.clear')} kind="fn" onPress={clear} wide={1.5} />
      <Key k="back" label={`⌫ ${t('keyboard.back')}`} kind="fn" onPress={back} wide={2} />
      {onDone ? <Key k="done" label={t('keyboard.done')} kind="ok" onPress={onDone} wide={1.5} /> : null}
    </div>
  );

  if (mode === 'digits' || mode === 'id') {
    return (
      <div className={`keyboard keyboard-pad`} data-testid={`keyboard-${mode}`}>
        <div className="kb-pad">
          {DIGITS.map((d) => (
            <Key key={d} k={d} onPress={() => onInput(d)} />
          ))}
          {mode === 'id' ? (
            <Key k="X" onPress={() => onInput('X')} />
          ) : (
            <Key k="clear" label={t('keyboard.clear')} kind="fn" onPress={clear} />
          )}
          <Key k="0" onPress={() => onInput('0')} />
          <Key k="back" label="⌫" kind="fn" onPress={back} />
        </div>
        {mode === 'id' || onDone ? (
          <div className="kb-row">
            {mode === 'id' ? <Key k="clear" label={t('keyboard.clear')} kind="fn" onPress={clear} /> : null}
            {onDone ? <Key k="done" label={t('keyboard.done')} kind="ok" onPress={onDone} /> : null}
          </div>
        ) : null}
      </div>
    );
  }

  const isIme = mode === 'text' && chinese;
  const all = isIme && ime ? ime.candidates(composing, 400) : [];
  const perPage = 12;
  const cands = all.slice(page * perPage, page * perPage + perPage);
  const letter = (ch: string) => {
    if (isIme) {
      setComposing((c) => (c + ch).slice(0, 12));
      setPage(0);
    } else onInput(mode === 'code' ? ch.toUpperCase() : ch);
  };

  return (
    <div className={`keyboard keyboard-${mode}`} data-testid={`keyboard-${mode}`}>
      {isIme ? (
        <div className="kb-cands" data-testid="ime-bar">
          <span className="kb-compose" data-testid="ime-composing">
            {composing || t('keyboard.pinyinHint')}
          </span>
          <div className="kb-cand-list">
            {composing !== '' && !ime ? <span className="kb-muted">{t('keyboard.loading')}</span> : null}
            {composing !== '' && ime && all.length === 0 ? <span className="kb-muted">{t('keyboard.noCandidates')}</span> : null}
            {cands.map((c, i) => (
              <button
                type="button"
                key={`${c}${i}`}
                className="kb-cand"
                data-testid={`ime-cand-${i}`}
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => {
                  onInput(c);
                  setComposing('');
                  setPage(0);
                }}
              >
                {c}
              </button>
            ))}
            {all.length > (page + 1) * perPage ? (
              <button type="button" className="kb-cand kb-more" data-testid="ime-more" onClick={() => setPage(page + 1)}>
                {t('keyboard.more')} ›
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="kb-row">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => (
          <Key key={d} k={d} onPress={() => onInput(d)} />
        ))}
      </div>
      {ROWS.map((row, i) => (
        <div className="kb-row" key={row}>
          {i === 2 && mode === 'text' ? (
            <Key
              k="lang"
              label={chinese ? `${t('keyboard.zh')}/${t('keyboard.en')}` : `${t('keyboard.en')}/${t('keyboard.zh')}`}
              kind="fn"
              onPress={() => {
                setChinese(!chinese);
                setComposing('');
              }}
              wide={1.5}
            />
          ) : null}
          {[...row].map((ch) => (
            <Key key={ch} k={ch} label={mode === 'code' ? ch.toUpperCase() : ch} onPress={() => letter(ch)} />
          ))}
          {i === 2 && mode === 'text' ? (
            <Key k="space" label={t('keyboard.space')} kind="fn" onPress={() => onInput(' ')} wide={1.5} />
          ) : null}
          {i === 2 && mode === 'code' ? <Key k="-" onPress={() => onInput('-')} /> : null}
        </div>
      ))}
      {fnRow}
    </div>
  );
}
