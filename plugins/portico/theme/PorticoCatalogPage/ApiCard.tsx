import type React from 'react';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import type { CatalogEntry } from '../../catalog';
import VisibilityBadge from '../PorticoCommon/VisibilityBadge';
import { ENVIRONMENT_LABELS, describeAuth } from '../PorticoCommon/labels';
import common from '../PorticoCommon/styles.module.css';
import styles from './styles.module.css';

export default function ApiCard({ entry }: { entry: CatalogEntry }): React.JSX.Element {
  return (
    <article className={styles.card} data-testid="api-card" data-slug={entry.slug}>
      <div className={styles.cardHead}>
        <Heading as="h2" className={styles.cardTitle}>
          <Link to={entry.overviewPath}>{entry.title}</Link>
        </Heading>
        <VisibilityBadge visibility={entry.visibility} />
      </div>
      <p className={styles.version}>v{entry.version}</p>
      {entry.summary ? <p className={styles.summary}>{entry.summary}</p> : null}
      {entry.tags.length > 0 ? (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> groups form controls; these are tags, named as a group
        <p role="group" aria-label="API tags">
          {entry.tags.map((tag) => (
            <span key={tag} className={common.tag}>
              {tag}
            </span>
          ))}
        </p>
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
