import { Bi } from './Bi.tsx';

/** Shown only while the browser blocks sound: one click anywhere enables the voice for good. */
export function SoundGate({ onEnable }: { onEnable: () => void }) {
  return (
    <button type="button" className="sound-gate" data-testid="display-sound-gate" onClick={onEnable}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor" />
        <path d="M16 9l5 6m0-6-5 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <Bi k="enableSound" />
    </button>
  );
}
