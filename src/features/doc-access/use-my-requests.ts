import { useCallback, useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import type { MyRequest } from './types';

/**
 * The reader's documentation requests (GET /api/doc-access/mine), newest first, once `enabled`;
 * undefined until they arrive (an empty list when the portal could not answer). `reload` asks again.
 */
export function useMyRequests(enabled: boolean): { requests: MyRequest[] | undefined; reload(): Promise<void> } {
  const [requests, setRequests] = useState<MyRequest[] | undefined>(undefined);
  const reload = useCallback(async () => {
    const result = await api<{ requests: MyRequest[] }>('/doc-access/mine');
    setRequests(result.ok ? result.requests : []);
  }, []);
  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);
  return { requests, reload };
}
