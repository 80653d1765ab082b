import { useEffect, useState } from 'react';
import { api, type Me } from './api-client';

let cached: Promise<Me | null> | undefined;

/** Who is signed in, fetched once per page load and shared by every component. */
function loadMe(force = false): Promise<Me | null> {
  if (!cached || force) cached = api<{ user: Me | null }>('/me').then((result) => (result.ok ? result.user : null));
  return cached;
}

export function useMe(): { me: Me | null; loading: boolean; refresh(): void } {
  const [state, setState] = useState<{ me: Me | null; loading: boolean }>({ me: null, loading: true });
  const refresh = () => {
    void loadMe(true).then((me) => setState({ me, loading: false }));
  };
  useEffect(() => {
    let active = true;
    void loadMe().then((me) => active && setState({ me, loading: false }));
    return () => {
      active = false;
    };
  }, []);
  return { ...state, refresh };
}
