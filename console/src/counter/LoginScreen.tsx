import type { HallInfo } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { LoginCard } from '../shared/LoginCard.tsx';

export function LoginScreen({ hall, onLogin }: { hall: HallInfo | null; onLogin: (s: ConsoleSession) => void }) {
  return <LoginCard hall={hall} classPrefix="ct" markSize={64} onLogin={onLogin} />;
}
