import type React from 'react';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../portal/components';
import { Decisions } from './Decisions';
import { JourneyCard } from './JourneyCard';
import styles from './dashboard.module.css';
import type { PartnerPortal } from './types';
import { markNoticesSeen, useJourney } from './use-journey';

/** What to do first when nothing is started: the catalog, and an app. */
function FirstSteps({ journey }: { journey: PartnerPortal }): React.JSX.Element {
  return (
    <div className="alert alert--info" role="status" data-testid="journey-empty">
      <p>
        <strong>You have not started with an API yet.</strong> First, choose an API in the <a href="/">API catalog</a>: public APIs are documented for everyone;
        for a private API, open its overview and request access to its documentation.
      </p>
      {journey.appCount === 0 ? (
        <p className="margin-bottom--none">
          You can also <a href="/apps">create your first app</a> now: it gets the client id and secret your software calls the APIs with.
        </p>
      ) : (
        <p className="margin-bottom--none">
          Then, from <a href="/apps">your apps</a>, request sandbox access to it.
        </p>
      )}
    </div>
  );
}

/** My portal: per API, the steps of the guidelines and the one next action; the providers' latest decisions. */
export function Dashboard(): React.JSX.Element {
  const { journey, failure, loading } = useJourney(true);
  // The decisions new at this visit stay marked while the page is open, though they are now seen.
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());
  const marked = useRef(false);
  useEffect(() => {
    if (!journey || marked.current) return;
    marked.current = true;
    setUnseen(new Set(journey.decisions.filter((decision) => decision.unseen).map((decision) => decision.id)));
    if (journey.notices.decisions > 0) void markNoticesSeen();
  }, [journey]);

  if (loading) return <p aria-busy="true">Loading where you stand…</p>;
  if (!journey) return <ErrorNote failure={failure} />;
  return (
    <>
      {!journey.emailVerified ? (
        <div className="alert alert--warning margin-bottom--md" role="status" data-testid="confirm-email">
          Confirm your email address first: follow the link we sent you, or <a href="/account">send it again from your account</a>. Requests, apps and
          certificates wait on it.
        </div>
      ) : null}
      <section aria-labelledby="journeys-heading" className="margin-bottom--lg">
        <h2 id="journeys-heading">Your APIs</h2>
        {journey.apis.length === 0 ? (
          <FirstSteps journey={journey} />
        ) : (
          <ul className={styles.journeys}>
            {journey.apis.map((api) => (
              <li key={api.slug}>
                <JourneyCard journey={api} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Recent decisions</h2>
        <Decisions decisions={journey.decisions} unseen={unseen} />
      </section>
    </>
  );
}
