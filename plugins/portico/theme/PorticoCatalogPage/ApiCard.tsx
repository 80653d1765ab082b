import type React from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import { ReaderAccessNote } from '@site/src/features/dashboard/ReaderAccess';
import type { CatalogEntry } from '../../catalog';
import VisibilityBadge from '../PorticoCommon/VisibilityBadge';
import { ENVIRONMENT_LABELS, describeAuth } from '../PorticoCommon/labels';
import common from '../PorticoCommon/styles.module.css';
import styles from './styles.module.css';

interface Props {
  entry: CatalogEntry;
  /** The signed-in reader's access to a private API's documentation (none for anonymous readers). */
  access?: 'readable' | 'pending';
  /** The tag the catalog is filtered by: its chip is marked current. */
  activeTag: string;
  /** Filters the catalog by a tag (the chip is also a link to ?tag=, for a new tab or no script). */
  onTag(tag: string): void;
}

export default function ApiCard({ entry, access, activeTag, onTag }: Props): React.JSX.Element {
  return (
    <article className={styles.card} data-testid="api-card" data-slug={entry.slug}>
      <div className={styles.cardHead}>
        <Heading as="h2" className={styles.cardTitle}>
          <Link to={entry.overviewPath}>{entry.title}</Link>
        </Heading>
        <VisibilityBadge visibility={entry.visibility} />
      </div>
      <p className={styles.version}>v{entry.version}</p>
      {entry.visibility === 'private' ? <ReaderAccessNote access={access} docsPath={entry.docsPath} /> : null}
      {entry.summary ? <p className={styles.summary}>{entry.summary}</p> : null}
      {entry.tags.length > 0 ? (
        <ul className={styles.chips} aria-label={`Tags of ${entry.title}: filter the catalog`}>
          {entry.tags.map((tag) => (
            <li key={tag}>
              <a
                className={`${common.tag} ${styles.chip}`}
                href={`?tag=${encodeURIComponent(tag)}`}
                aria-current={tag === activeTag ? 'true' : undefined}
                onClick={(event) => {
                  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                  event.preventDefault();
                  onTag(tag);
                }}
              >
                {tag}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className={styles.environments}>
        {entry.environments.map((environment) => (
          <div key={environment.name}>
            <dt>{ENVIRONMENT_LABELS[environment.name] ?? environment.name}</dt>
            <dd>{describeAuth(environment.auth)}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
