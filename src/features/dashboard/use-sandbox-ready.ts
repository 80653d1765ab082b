import { useMe } from '../../portal/use-me';
import { useJourney } from './use-journey';

/** The API an API page belongs to: /apis/<slug>/… in the public site, /private/<slug>/… otherwise. */
function currentSlug(): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return /^\/(?:apis|private)\/([a-z0-9-]+)/.exec(window.location.pathname)?.[1];
}

/**
 * Whether the signed-in reader of an API page may try it in the sandbox now: the server's journey
 * says its client-secret sandbox step is done. False for anonymous readers and while loading.
 */
export function useSandboxReady(): boolean {
  const { me } = useMe();
  const { journey } = useJourney(me !== null);
  const slug = currentSlug();
  const api = journey?.apis.find((candidate) => candidate.slug === slug);
  return api?.steps.some((step) => step.id === 'sandbox' && step.state === 'done') ?? false;
}
