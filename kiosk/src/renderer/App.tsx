/**
 * The kiosk app: loads the hall, pairs the device, keeps the live queue stream, and shows one screen at a
 * time. A session ends (done, home, idle timeout) by remounting every screen under a new key and wiping the
 * form store: nothing a citizen entered survives in state or memory.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallInfo } from '@hall/contract';
import { api, deviceToken, pairWithCode, setLang, useHallStream } from '@hall/ui';
import { KioskContext, type KioskCtx, type PrinterView } from './app/context.tsx';
import { formStore } from './app/form-store.ts';
import { useIdle } from './app/idle.ts';
import type { KioskParams } from './app/params.ts';
import { current, HOME, navReducer, type Route } from './app/routes.ts';
import { classifyScan } from './app/scan.ts';
import { dispatchWedgeLine, useWedgeFallback } from './app/useWedge.ts';
import { useHallOpening } from './app/opening.ts';
import { speak, stopSpeaking } from './app/voice.ts';
import { Header, HelpBar } from './components/Chrome.tsx';
import { Dialog } from './components/Dialog.tsx';
import { IconHelp } from './components/Icons.tsx';
import { Keyboard } from './components/Keyboard.tsx';
import { TouchField } from './components/TouchField.tsx';
import { BundleScreen } from './screens/BundleScreen.tsx';
import { CategoryScreen } from './screens/CategoryScreen.tsx';
import { CheckInScreen } from './screens/CheckInScreen.tsx';
import { ClosedScreen } from './screens/ClosedScreen.tsx';
import { FinderScreen } from './screens/FinderScreen.tsx';
import { FormScreen } from './screens/FormScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { MatterScreen } from './screens/MatterScreen.tsx';
import { PriorityScreen } from './screens/PriorityScreen.tsx';
import { RatingScreen } from './screens/RatingScreen.tsx';
import { TicketScreen } from './screens/TicketScreen.tsx';

type Boot =
  | { phase: 'loading' }
  | { phase: 'failed' }
  | { phase: 'pairing' }
  | { phase: 'ready'; hall: HallInfo; token: string; printerId: string | null };

export function App({ params }: { params: KioskParams }) {
  const { t } = useTranslation();
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const hall = await api<HallInfo>('/hall');
        const token = await deviceToken('kiosk', params.kioskId, params.kioskName);
        if (!live) return;
        if (!token) {
          setBoot({ phase: 'pairing' });
          return;
        }
        const cfg = await api<{ printerId: string | null }>('/kiosk/config', { token }).catch(() => ({ printerId: null }));
        if (live) setBoot({ phase: 'ready', hall, token, printerId: cfg.printerId });
      } catch {
        if (live) setBoot({ phase: 'failed' });
      }
    })();
    return () => {
      live = false;
    };
  }, [attempt, params.kioskId, params.kioskName]);

  useEffect(() => {
    if (boot.phase !== 'failed') return undefined;
    const id = setTimeout(() => setAttempt((a) => a + 1), 5000);
    return () => clearTimeout(id);
  }, [boot.phase]);

  if (boot.phase === 'ready') return <Kiosk params={params} hall={boot.hall} token={boot.token} printerId={boot.printerId} />;
  if (boot.phase === 'pairing') return <Pairing params={params} onPaired={() => setAttempt((a) => a + 1)} />;
  return (
    <div className="boot" data-testid={boot.phase === 'failed' ? 'boot-failed' : 'boot-loading'}>
      <div className="spinner" aria-hidden="true" />
      <p>{boot.phase === 'failed' ? t('app.loadFailed', { helpDesk: t('app.helpDesk') }) : t('app.loading')}</p>
      {boot.phase === 'failed' ? (
        <button type="button" className="btn btn-primary btn-lg" onClick={() => setAttempt((a) => a + 1)}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

function Pairing({ params, onPaired }: { params: KioskParams; onPaired: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [failed, setFailed] = useState(false);
  return (
    <div className="boot pairing" data-testid="screen-pairing">
      <div className="pairing-card">
        <h1>{t('pairing.title')}</h1>
        <p>
          {t('pairing.body')} ({params.kioskId} · {params.kioskName})
        </p>
        <TouchField
          testId="pairing-code"
          label={t('pairing.code')}
          value={code}
          active
          onActivate={() => undefined}
          mono
          error={failed ? t('pairing.failed') : null}
        />
        <Keyboard
          mode="code"
          onInput={(s) => setCode((c) => (c + s).slice(0, 32))}
          onBackspace={() => setCode((c) => c.slice(0, -1))}
          onClear={() => setCode('')}
          onDone={() => void pairWithCode('kiosk', params.kioskId, code).then(onPaired, () => setFailed(true))}
        />
      </div>
    </div>
  );
}

const SCREEN_VOICE: Partial<Record<Route['name'], string>> = {
  home: 'voice.home',
  finder: 'voice.finder',
  category: 'voice.category',
  matter: 'voice.matter',
  form: 'voice.form',
  checkin: 'voice.checkin',
  rating: 'voice.rating',
  priority: 'voice.priority',
};

function Kiosk({ params, hall, token, printerId }: { params: KioskParams; hall: HallInfo; token: string; printerId: string | null }) {
  const { t, i18n } = useTranslation();
  const [nav, dispatch] = useReducer(navReducer, HOME);
  const [session, setSession] = useState(0);
  const [elderly, setElderlyState] = useState(params.elderly);
  const [priorityGroup, setPriorityGroup] = useState<string | null>(null);
  const [fontStep, setFontStep] = useState(0);
  const [help, setHelp] = useState(false);
  const [printer, setPrinter] = useState<PrinterView>({ printerId, status: 'unknown', canPrint: true });
  const { state: live } = useHallStream({ namespace: '/kiosk', token });
  const opening = useHallOpening(hall, live);
  const route = current(nav);
  // Back at home the 绿色通道 choice is over (a ticket was taken, or the citizen went back).
  useEffect(() => {
    if (route.name === 'home') setPriorityGroup(null);
  }, [route.name]);
  const lang = (i18n.language === 'en' ? 'en' : 'zh') as 'zh' | 'en';
  const wedgeRef = useRef<HTMLInputElement>(null);

  const refreshPrinter = useCallback(() => {
    void api<PrinterView>('/kiosk/printer-status', { token }).then(setPrinter, () => undefined);
  }, [token]);
  useEffect(() => {
    refreshPrinter();
    const id = setInterval(refreshPrinter, 15_000);
    const off = window.kioskBridge?.onPrinterStatus(() => refreshPrinter());
    return () => {
      clearInterval(id);
      off?.();
    };
  }, [refreshPrinter]);

  const endSession = useCallback(() => {
    formStore.wipe();
    stopSpeaking();
    dispatch({ type: 'home' });
    setSession((s) => s + 1);
    setHelp(false);
    setElderlyState(params.elderly);
    setPriorityGroup(null);
    setFontStep(0);
    setLang('zh');
    window.kioskBridge?.sessionEnded();
  }, [params.elderly]);

  const say = useCallback(
    (text: string) => {
      if (elderly) speak(text, lang);
    },
    [elderly, lang],
  );
  const setElderly = useCallback(
    (on: boolean) => {
      setElderlyState(on);
      setFontStep(0);
      if (on) speak(t('voice.home'), lang);
      else stopSpeaking();
    },
    [t, lang],
  );

  useEffect(() => {
    const key = SCREEN_VOICE[route.name];
    if (key && route.name !== 'home') say(t(key));
  }, [route, say, t]);

  const busy = route.name !== 'home' || !formStore.isEmpty() || elderly || lang !== 'zh';
  const idleMs = elderly ? params.idleMs * 2 : params.idleMs;
  const idle = useIdle({ enabled: busy, idleMs, countdownMs: params.countdownMs, onExpire: endSession });
  const warning = idle.phase.phase === 'warning';
  useEffect(() => {
    if (warning) say(t('voice.idle'));
  }, [warning, say, t]);

  // Scans on screens that do not take them: a ticket QR anywhere opens the rating for that ticket.
  useWedgeFallback((line) => {
    const s = classifyScan(line);
    if (s.kind === 'ticket-token') dispatch({ type: 'go', route: { name: 'rating', token: s.token } });
  });

  // Keep the hidden wedge field focused: the kiosk has no visible native inputs.
  useEffect(() => {
    const refocus = () => {
      if (document.activeElement !== wedgeRef.current) wedgeRef.current?.focus({ preventScroll: true });
    };
    refocus();
    window.addEventListener('pointerup', refocus);
    const id = setInterval(refocus, 1000);
    return () => {
      window.removeEventListener('pointerup', refocus);
      clearInterval(id);
    };
  }, []);

  const ctx: KioskCtx = useMemo(
    () => ({
      params,
      hall,
      token,
      printer,
      live,
      route,
      nav: dispatch,
      elderly,
      setElderly,
      priorityGroup,
      setPriorityGroup,
      lang,
      say,
      showHelp: () => setHelp(true),
      refreshPrinter,
      endSession,
    }),
    [params, hall, token, printer, live, route, elderly, setElderly, priorityGroup, lang, say, refreshPrinter, endSession],
  );

  return (
    <KioskContext.Provider value={ctx}>
      <div
        className={`kiosk${elderly ? ' is-elderly' : ''} font-${fontStep}`}
        data-testid="kiosk"
        data-elderly={elderly ? '1' : '0'}
        data-route={route.name}
      >
        <Header fontStep={fontStep} onFontBigger={() => setFontStep((f) => (f + 1) % 3)} />
        <main className="kiosk-main" key={session}>
          {/* Closed only once the stream has told the server's clock: the kiosk PC's own may be hours off. */}
          {route.name === 'home' && live?.ready === true && !opening.issuing ? (
            <ClosedScreen opening={opening} />
          ) : (
            <RouteView route={route} />
          )}
        </main>
        <HelpBar />
        <input
          ref={wedgeRef}
          className="wedge"
          data-testid="wedge-input"
          aria-hidden="true"
          tabIndex={-1}
          inputMode="none"
          autoComplete="off"
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              dispatchWedgeLine(e.currentTarget.value);
              e.currentTarget.value = '';
            }
          }}
        />
        {help ? (
          <Dialog
            title={t('help.title')}
            testId="help-dialog"
            actions={
              <button type="button" className="btn btn-primary btn-lg" data-testid="help-close" onClick={() => setHelp(false)}>
                {t('help.close')}
              </button>
            }
          >
            <div className="dialog-icon">
              <IconHelp size={88} />
            </div>
            <p>{t('help.body', { helpDesk: hall.helpDesk })}</p>
            <p>{t('help.noId')}</p>
          </Dialog>
        ) : null}
        {idle.phase.phase === 'warning' ? (
          <Dialog
            title={t('idle.title')}
            testId="idle-dialog"
            actions={
              <>
                <button type="button" className="btn btn-ghost btn-lg" data-testid="idle-leave" onClick={endSession}>
                  {t('idle.leave')}
                </button>
                <button type="button" className="btn btn-primary btn-lg" data-testid="idle-stay" onClick={idle.keepAlive}>
                  {t('idle.stay')}
                </button>
              </>
            }
          >
            <div className="idle-count" data-testid="idle-seconds">
              {idle.phase.secondsLeft}
            </div>
            <p>{t('idle.body', { seconds: idle.phase.secondsLeft })}</p>
          </Dialog>
        ) : null}
      </div>
    </KioskContext.Provider>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'finder':
      return <FinderScreen purpose={route.purpose} tab={route.tab} />;
    case 'category':
      return <CategoryScreen purpose={route.purpose} categoryId={route.categoryId} />;
    case 'matter':
      return <MatterScreen key={route.serviceId} purpose={route.purpose} serviceId={route.serviceId} />;
    case 'bundle':
      return <BundleScreen purpose={route.purpose} bundleId={route.bundleId} />;
    case 'form':
      return <FormScreen target={route.target} />;
    case 'ticket':
      return <TicketScreen ticket={route.ticket} onScreen={route.onScreen} checkIn={route.checkIn} />;
    case 'checkin':
      return <CheckInScreen />;
    case 'priority':
      return <PriorityScreen />;
    case 'rating':
      return <RatingScreen token={route.token} number={route.number} />;
    case 'pairing':
      return null;
  }
}
