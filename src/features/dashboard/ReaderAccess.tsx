import type React from 'react';
import { useMe } from '../../portal/use-me';
import { useJourney } from './use-journey';

type Access = 'readable' | 'pending';

/**
 * For a signed-in reader, the private APIs whose documentation they read (`readableApis`, the
 * policy's answer in /api/me) and those whose request waits on the owners (the documentation step
 * of their journey). Empty for anonymous readers and while loading: the catalog's server HTML.
 */
export function useReaderAccess(): ReadonlyMap<string, Access> {
  const { me } = useMe();
  const { journey } = useJourney(me !== null);
  const access = new Map<string, Access>();
  for (const api of journey?.apis ?? []) {
    if (api.steps.some((step) => step.id === 'documentation' && step.state === 'waiting' && step.status === 'pending')) access.set(api.slug, 'pending');
  }
  for (const slug of me?.readableApis ?? []) access.set(slug, 'readable');
  return access;
}

/** One line on a catalog card: "You can read its documentation" or "Your request waits for the owners". */
export function ReaderAccessNote({ access, docsPath }: { access: Access | undefined; docsPath: string }): React.JSX.Element | null {
  if (access === 'readable') {
    return (
      <p className="margin-bottom--sm" data-testid="reader-access" data-access="readable">
        <span className="badge badge--success">You can read it</span> <a href={docsPath}>Read the documentation</a>
      </p>
    );
  }
  if (access === 'pending') {
    return (
      <p className="margin-bottom--sm" data-testid="reader-access" data-access="pending">
        <span className="badge badge--info">Access requested</span> Waiting for the API owners’ decision.
      </p>
    );
  }
  return null;
}
