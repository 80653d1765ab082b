import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';

/**
 * One list of the admin API (GET path, the answer's array under key), loaded when the section
 * shows and again on reload(); a null path loads nothing yet (the section waits for the URL).
 */
export function useAdminList<Row>(path: string | null, key: string): { rows: Row[]; loaded: boolean; failure: ApiFailure | null; reload: () => Promise<void> } {
  const [state, setState] = useState<{ rows: Row[]; loaded: boolean; failure: ApiFailure | null }>({ rows: [], loaded: false, failure: null });
  const reload = useCallback(async () => {
    if (path === null) return;
    const result = await api<Record<string, Row[]>>(path);
    if (result.ok) setState({ rows: result[key] ?? [], loaded: true, failure: null });
    else setState((current) => ({ ...current, loaded: true, failure: result }));
  }, [path, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

/** The page's one note: what the last change did, or why the server refused it. */
export function useNotes(): {
  note: string | null;
  failure: ApiFailure | null;
  report: (result: { ok: boolean } | ApiFailure, success: string) => Promise<void>;
} {
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const report = useCallback(async (result: { ok: boolean } | ApiFailure, success: string) => {
    if (result.ok) {
      setFailure(null);
      setNote(success);
    } else {
      setNote(null);
      setFailure(result as ApiFailure);
    }
  }, []);
  return { note, failure, report };
}
