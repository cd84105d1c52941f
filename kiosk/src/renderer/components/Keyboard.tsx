/**
 * The on-screen keyboard: a kiosk has no OS keyboard. Large keys, one layout per kind of field:
 * `digits` (phone, amounts), `id` (digits + X), `code` (capitals + digits: ticket numbers, booking codes),
 * `text` (three layers: 中文 pinyin → characters through the input method in `../ime/`, 英文 letters,
 * 数字 digits and the signs addresses need).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Candidate, ImeEngine, ImeField } from '../ime/engine.ts';
import { loadedIme, loadIme, prepareWhenIdle } from '../ime/load.ts';

export type KeyboardMode = 'digits' | 'id' | 'code' | 'text';
export type TextLayer = 'zh' | 'en' | 'num';

export interface KeyboardProps {
  mode: KeyboardMode;
  onInput: (text: string) => void;
  onBackspace: () => void;
  onClear: () => void;
  onDone?: () => void;
  /** `text`: what kind of field this is (it orders the candidates: surnames first in a name). */
  field?: ImeField;
  /** `text`: the field's current text; words that continue it rank first. */
  value?: string;
  /** `text`: phrases the input method should know besides its dictionary (the finder passes matter names). */
  phrases?: ReadonlyArray<{ word: string; syl: readonly string[] }>;
  /**
   * `text`: removes the last `count` characters of the field and appends `text`, in one update. With it, a
   * word typed one syllable at a time can mend its start (参 then yin offers 餐饮 in place of 参).
   */
  onReplace?: (count: number, text: string) => void;
  /** `text`: told the pinyin being typed, for screens that act on it (search finds matters by pinyin). */
  onComposing?: (letters: string) => void;
  /** `text`: the layer it opens on. */
  initialLayer?: TextLayer;
}

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const DIGIT_ROW = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
/** The 数字 layer: digits with the signs addresses and company names use (3号楼-2单元, （分公司）). */
const NUM_PAD = ['1', '2', '3', '-', '4', '5', '6', '#', '7', '8', '9', '/', '（', '0', '）', '·'];
const MAX_PINYIN = 40;

function Key({
  k,
  label,
  onPress,
  wide,
  kind,
  pressed,
}: {
  k: string;
  label?: string;
  onPress: () => void;
  wide?: number;
  kind?: 'fn' | 'ok' | 'layer';
  pressed?: boolean;
}) {
  return (
    <button
      type="button"
      className={`key${kind ? ` key-${kind}` : ''}${pressed ? ' is-on' : ''}`}
      style={wide ? { flexGrow: wide } : undefined}
      data-testid={`key-${k}`}
      aria-pressed={pressed}
      onPointerDown={(e) => e.preventDefault()}
      onClick={onPress}
    >
      {label ?? k}
    </button>
  );
}

/** Splits candidates into pages that fit one row of `widthPx`, each button at least 3.2 rem wide. */
function pagesOf(cands: readonly Candidate[], widthPx: number, remPx: number): Array<[number, number]> {
  const pages: Array<[number, number]> = [];
  const gap = 0.5 * remPx;
  let start = 0;
  let used = 0;
  cands.forEach((c, i) => {
    const w = Math.max(3.2 * remPx, Array.from(c.text).length * 1.7 * remPx + 1.4 * remPx) + gap + (c.replaces ? 5 * remPx : 0);
    if (i > start && used + w > widthPx) {
      pages.push([start, i]);
      start = i;
      used = 0;
    }
    used += w;
  });
  if (start < cands.length) pages.push([start, cands.length]);
  return pages;
}

export function Keyboard(p: KeyboardProps) {
  const { mode, onInput, onBackspace, onClear, onDone } = p;
  const { t, i18n } = useTranslation();
  const [composing, setComposing] = useState('');
  // A visitor using the English screens most likely types Latin letters; 中文 is one tap away.
  const [layer, setLayer] = useState<TextLayer>(p.initialLayer ?? (i18n.language === 'en' ? 'en' : 'zh'));
  const [caps, setCaps] = useState(false);
  const [engine, setEngine] = useState<ImeEngine | null>(() => loadedIme());
  const [loadFailed, setLoadFailed] = useState(false);
  const [page, setPage] = useState(0);
  /** What this keyboard's input method put at the end of the field, with the letters typed for each. */
  const [recent, setRecent] = useState<Array<{ text: string; letters: string }>>([]);
  const listRef = useRef<HTMLDivElement>(null);
  const [listWidth, setListWidth] = useState(0);

  const isIme = mode === 'text' && layer === 'zh';
  const load = () => {
    setLoadFailed(false);
    loadIme().then(
      (e) => setEngine(e),
      () => setLoadFailed(true),
    );
  };
  useEffect(() => {
    if (mode === 'text' && !engine) load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);
  useEffect(() => {
    setComposing('');
    setPage(0);
  }, [mode, layer]);

  const onComposing = useRef(p.onComposing);
  onComposing.current = p.onComposing;
  useEffect(() => onComposing.current?.(composing), [composing]);

  const ime = useMemo(() => (engine && p.phrases && p.phrases.length > 0 ? engine.withPhrases(p.phrases) : engine), [engine, p.phrases]);
  // An engine with the screen's own phrases is a copy: it too is parsed ahead in idle time.
  useEffect(() => (ime && ime !== engine ? prepareWhenIdle(ime) : undefined), [ime, engine]);
  const cands = useMemo(
    () =>
      isIme && ime && composing !== ''
        ? ime.candidates(composing, { field: p.field ?? 'text', before: p.value ?? '', ...(p.onReplace ? { recent } : {}) })
        : [],
    [isIme, ime, composing, p.field, p.value, p.onReplace, recent],
  );

  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => setListWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [isIme]);
  const remPx = typeof document === 'undefined' ? 20 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 20;
  const pages = useMemo(() => pagesOf(cands, listWidth || 600, remPx), [cands, listWidth, remPx]);
  const [from, to] = pages[Math.min(page, Math.max(0, pages.length - 1))] ?? [0, 0];

  const pick = (c: Candidate) => {
    const letters = composing.slice(0, c.consumed);
    if (c.replaces && p.onReplace) {
      const gone = recent.slice(-c.replaces);
      p.onReplace(Array.from(gone.map((r) => r.text).join('')).length, c.text);
      setRecent([...recent.slice(0, -c.replaces), { text: c.text, letters: gone.map((r) => r.letters).join('') + letters }].slice(-3));
    } else {
      onInput(c.text);
      setRecent([...recent, { text: c.text, letters }].slice(-3));
    }
    setComposing((buf) => buf.slice(c.consumed));
    setPage(0);
  };
  /** Anything typed other than through the candidates ends what can be mended. */
  const type = (text: string) => {
    setRecent([]);
    onInput(text);
  };
  const commitFirst = (): boolean => {
    const first = cands[0];
    if (composing === '' || !first) return false;
    pick(first);
    return true;
  };
  const back = () => {
    if (composing !== '') {
      setComposing(composing.slice(0, -1));
      setPage(0);
    } else {
      setRecent([]);
      onBackspace();
    }
  };
  const clear = () => {
    setRecent([]);
    setComposing('');
    setPage(0);
    onClear();
  };
  const done = () => {
    commitFirst();
    onDone?.();
  };

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

  const letter = (ch: string) => {
    if (isIme) {
      setComposing((c) => (c + ch).slice(0, MAX_PINYIN));
      setPage(0);
    } else if (mode === 'code' || caps) type(ch.toUpperCase());
    else type(ch);
  };

  const imeBar = isIme ? (
    <div className="kb-cands" data-testid="ime-bar">
      <div className="kb-compose-row">
        <span className={`kb-compose${composing ? '' : ' is-hint'}`} data-testid="ime-composing">
          {composing || t('keyboard.pinyinHint')}
        </span>
        {pages.length > 1 ? (
          <span className="kb-page" data-testid="ime-page">
            {t('keyboard.page', { page: Math.min(page, pages.length - 1) + 1, pages: pages.length })}
          </span>
        ) : null}
      </div>
      <div className="kb-cand-row">
        <div className="kb-cand-list" ref={listRef}>
          {composing !== '' && !ime && !loadFailed ? <span className="kb-muted">{t('keyboard.loading')}</span> : null}
          {loadFailed ? (
            <button type="button" className="kb-retry" data-testid="ime-retry" onClick={load}>
              {t('keyboard.loadFailed')}
            </button>
          ) : null}
          {composing !== '' && ime && cands.length === 0 ? <span className="kb-muted">{t('keyboard.noCandidates')}</span> : null}
          {cands.slice(from, to).map((c, i) => (
            <button
              type="button"
              key={`${c.text}-${c.consumed}`}
              className={`kb-cand${page === 0 && i === 0 ? ' is-first' : ''}`}
              data-testid={`ime-cand-${i}`}
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => pick(c)}
            >
              {c.text}
              {c.replaces ? (
                <span className="kb-cand-note">
                  {t('keyboard.mend', {
                    text: recent
                      .slice(-c.replaces)
                      .map((r) => r.text)
                      .join(''),
                  })}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        {cands.length > 0 ? (
          <>
            <button
              type="button"
              className="kb-nav"
              data-testid="ime-prev"
              aria-label={t('keyboard.prevPage')}
              disabled={page === 0}
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => setPage(Math.max(0, page - 1))}
            >
              ‹
            </button>
            <button
              type="button"
              className="kb-nav"
              data-testid="ime-next"
              aria-label={t('keyboard.nextPage')}
              disabled={page >= pages.length - 1}
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => setPage(Math.min(pages.length - 1, page + 1))}
            >
              ›
            </button>
          </>
        ) : null}
      </div>
    </div>
  ) : null;

  const layerKeys =
    mode === 'text' ? (
      <div className="kb-layers" role="radiogroup" aria-label={t('keyboard.layers')}>
        {(['zh', 'en', 'num'] as const).map((l) => (
          <Key
            key={l}
            k={`layer-${l}`}
            label={t(`keyboard.layer.${l}`)}
            kind="layer"
            pressed={layer === l}
            onPress={() => {
              commitFirst();
              setLayer(l);
            }}
          />
        ))}
      </div>
    ) : null;

  const fnRow = (
    <div className="kb-row">
      {layerKeys}
      {mode === 'text' ? (
        <Key k="space" label={t('keyboard.space')} kind="fn" onPress={() => (commitFirst() ? undefined : type(' '))} wide={1.5} />
      ) : null}
      <Key k="clear" label={t('keyboard.clear')} kind="fn" onPress={clear} wide={1.2} />
      <Key k="back" label={`⌫ ${t('keyboard.back')}`} kind="fn" onPress={back} wide={1.6} />
      {onDone ? <Key k="done" label={t('keyboard.done')} kind="ok" onPress={done} wide={1.4} /> : null}
    </div>
  );

  if (mode === 'text' && layer === 'num') {
    return (
      <div className="keyboard keyboard-text is-num" data-testid="keyboard-text" data-layer="num">
        <div className="kb-pad kb-pad-4">
          {NUM_PAD.map((d) => (
            <Key key={d} k={d} onPress={() => type(d)} />
          ))}
        </div>
        {fnRow}
      </div>
    );
  }

  return (
    <div className={`keyboard keyboard-${mode}`} data-testid={`keyboard-${mode}`} data-layer={mode === 'text' ? layer : undefined}>
      {imeBar}
      <div className="kb-row kb-digit-row">
        {DIGIT_ROW.map((d) => (
          <Key key={d} k={d} onPress={() => type(d)} />
        ))}
      </div>
      {ROWS.map((row, i) => (
        <div className="kb-row" key={row}>
          {i === 2 && mode === 'text' && layer === 'en' ? (
            <Key k="shift" label={`⇧ ${t('keyboard.caps')}`} kind="fn" pressed={caps} onPress={() => setCaps(!caps)} wide={1.5} />
          ) : null}
          {[...row].map((ch) => (
            <Key key={ch} k={ch} label={mode === 'code' || caps ? ch.toUpperCase() : ch} onPress={() => letter(ch)} />
          ))}
          {i === 2 && mode === 'code' ? <Key k="-" onPress={() => onInput('-')} /> : null}
        </div>
      ))}
      {fnRow}
    </div>
  );
}
