/** Hall data the counter needs once: categories, services (guides with materials), windows; and counter rules. */
import { useEffect, useState } from 'react';
import { api } from '@hall/ui';
import type { HallInfo } from '@hall/contract';
import { DEFAULT_RULES, type CounterRules } from './counter-state.ts';

export type Service = HallInfo['services'][number];
export type Category = HallInfo['categories'][number];

export function useHallInfo(): HallInfo | null {
  const [hall, setHall] = useState<HallInfo | null>(null);
  useEffect(() => {
    let isLive = true;
    const load = (delayMs: number) => {
      api<HallInfo>('/hall')
        .then((h) => {
          if (isLive) setHall(h);
        })
        .catch(() => {
          if (isLive) setTimeout(() => load(Math.min(delayMs * 2, 10_000)), delayMs);
        });
    };
    load(1000);
    return () => {
      isLive = false;
    };
  }, []);
  return hall;
}

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
