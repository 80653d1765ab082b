import { useCallback, useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import type { HeldCertificate } from './types';

/** The holder's certificates (GET /api/certificates), once `enabled`; `reload` asks again after a change. */
export function useCertificates(enabled: boolean): { rows: HeldCertificate[]; reload(): Promise<void> } {
  const [rows, setRows] = useState<HeldCertificate[]>([]);
  const reload = useCallback(async () => {
    const result = await api<{ certificates: HeldCertificate[] }>('/certificates');
    if (result.ok) setRows(result.certificates);
  }, []);
  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);
  return { rows, reload };
}
