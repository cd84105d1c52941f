/** Hall data the counter needs: category and service types, counter rules, display names (`useHallInfo`: shared/). */
import { useEffect, useState } from 'react';
import { api } from '@hall/ui';
import type { HallInfo } from '@hall/contract';
import { DEFAULT_RULES, type CounterRules } from './counter-state.ts';

export type Service = HallInfo['services'][number];
export type Category = HallInfo['categories'][number];

export function useCounterRules(token: string): CounterRules {
  const [rules, setRules] = useState<CounterRules>(DEFAULT_RULES);
  useEffect(() => {
    let isLive = true;
    api<CounterRules>('/counter/rules', { token })
      .then((r) => {
        if (isLive) setRules({ ...DEFAULT_RULES, ...r });
      })
      .catch(() => undefined);
    return () => {
      isLive = false;
    };
  }, [token]);
  return rules;
}

/** Display name of a category or service in the UI language. */
export function nameOf(x: { name: string; nameEn?: string | undefined } | undefined, lang: string, fallback = ''): string {
  if (!x) return fallback;
  return lang.startsWith('en') ? (x.nameEn ?? x.name) : x.name;
}
