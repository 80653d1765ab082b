import { useCallback, useEffect, useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import type { CcadbStanding } from './types';
import { importedWords } from './words';

/** The outcome of the last import from this page: one banner, success with its counts or the server's refusal. */
type ImportOutcome = { ok: true; words: string } | { ok: false; words: string };

const standingOf = ({ report, cas, warnings }: CcadbStanding): CcadbStanding => ({ report, cas, warnings });

/**
 * The registry compared with the latest CCADB report (GET /api/registry/ccadb), and the import of
 * a new one: the file read in the browser and sent as it is, text/csv, to POST /api/registry/ccadb.
 */
export function useCcadb(): {
  standing: CcadbStanding | null;
  failure: ApiFailure | null;
  outcome: ImportOutcome | null;
  importing: boolean;
  importReport: (file: File) => Promise<void>;
} {
  const [standing, setStanding] = useState<CcadbStanding | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [importing, setImporting] = useState(false);
  const load = useCallback(async () => {
    const answer = await api<CcadbStanding>('/registry/ccadb');
    if (answer.ok) {
      setStanding(standingOf(answer));
      setFailure(null);
    } else setFailure(answer);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const importReport = useCallback(async (file: File) => {
    setImporting(true);
    try {
      const answer = await api<CcadbStanding>(`/registry/ccadb?file=${encodeURIComponent(file.name)}`, { text: { body: await file.text(), type: 'text/csv' } });
      if (answer.ok) {
        setStanding(standingOf(answer));
        setOutcome({ ok: true, words: importedWords(answer) });
      } else setOutcome({ ok: false, words: answer.message });
    } finally {
      setImporting(false);
    }
  }, []);
  return { standing, failure, outcome, importing, importReport };
}
