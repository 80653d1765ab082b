import { useEffect, useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import type { PartnerPortal } from './types';

interface JourneyState {
  journey: PartnerPortal | null;
  failure: ApiFailure | null;
  loading: boolean;
}

/**
 * GET /api/me/journey, fetched once per page load and shared by the navbar's badge and the
 * portal page; `refresh` fetches it again and tells every component using it.
 */
let current: JourneyState = { journey: null, failure: null, loading: true };
let started = false;
const listeners = new Set<(state: JourneyState) => void>();

function publish(next: JourneyState): void {
  current = next;
  for (const listener of listeners) listener(next);
}

async function load(): Promise<void> {
  started = true;
  const result = await api<PartnerPortal>('/me/journey');
  if (result.ok) {
    const { ok: _ok, status: _status, ...journey } = result;
    publish({ journey, failure: null, loading: false });
  } else publish({ journey: null, failure: result, loading: false });
}

export function useJourney(enabled: boolean): JourneyState & { refresh(): Promise<void> } {
  const [state, setState] = useState<JourneyState>(current);
  useEffect(() => {
    if (!enabled) return;
    listeners.add(setState);
    if (!started) void load();
    else setState(current);
    return () => {
      listeners.delete(setState);
    };
  }, [enabled]);
  return { ...state, refresh: load };
}

/** The reader looked at their portal: decisions so far are no longer new (the badge counts only later ones). */
export async function markNoticesSeen(): Promise<void> {
  const result = await api('/me/notices/seen', { method: 'POST' });
  if (result.ok) await load();
}
