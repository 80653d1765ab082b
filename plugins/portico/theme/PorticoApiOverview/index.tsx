import type React from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import Link from '@docusaurus/Link';
import type { CatalogEntry } from '../../catalog';
import VisibilityBadge from '../PorticoCommon/VisibilityBadge';
import { AUDIENCE_LABELS, ENVIRONMENT_LABELS, describeAuth } from '../PorticoCommon/labels';
import common from '../PorticoCommon/styles.module.css';
import styles from './styles.module.css';
import DocsAccess from './DocsAccess';

/** The Overview/Info page every API has, public or private: only catalog metadata. */
export default function PorticoApiOverview({ api }: { api: CatalogEntry }): React.JSX.Element {
  return (
    <Layout title={`${api.title} · Overview`} description={api.summary || `${api.title} on the Portico developer portal`}>
      {/* data-pagefind-body: the Overview is a search result (build/search-index.ts). */}
      <main className="container margin-vert--lg" data-testid="api-overview" data-slug={api.slug} data-pagefind-body="">
        <p className={styles.breadcrumb}>
          <Link to="/">API catalog</Link> / {api.title}
        </p>
        <div className={styles.titleRow}>
          <Heading as="h1">{api.title}</Heading>
          <VisibilityBadge visibility={api.visibility} />
        </div>
        <p className={styles.meta}>
          Version {api.version}
          {api.operationCount !== undefined ? ` · ${api.operationCount} operations` : ''}
        </p>
        {api.summary ? <p className={styles.summary}>{api.summary}</p> : null}
        {api.tags.length > 0 ? (
          <p>
            {api.tags.map((tag) => (
              <span key={tag} className={common.tag}>
                {tag}
              </span>
            ))}
          </p>
        ) : null}
        <DocsAccess api={api} />
        <section className="margin-top--lg">
          <Heading as="h2">Environments</Heading>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Environment</th>
                <th>Authentication</th>
                {api.visibility === 'public' ? <th>Base URL</th> : null}
              </tr>
            </thead>
            <tbody>
              {api.environments.map((environment) => (
                <tr key={environment.name}>
                  <td>{ENVIRONMENT_LABELS[environment.name] ?? environment.name}</td>
                  <td>{describeAuth(environment.auth)}</td>
                  {api.visibility === 'public' ? (
                    <td>
                      <code>{environment.url}</code>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="margin-top--lg">
          <Heading as="h2">Who it is for and who runs it</Heading>
          <dl className={styles.facts}>
            <dt>Audience</dt>
            <dd>{api.audience.map((audience) => AUDIENCE_LABELS[audience] ?? audience).join(', ')}</dd>
            <dt>Owners</dt>
            <dd>{api.owners.length > 0 ? api.owners.join(', ') : 'Not assigned'}</dd>
            {api.contacts.team ? (
              <>
                <dt>Team</dt>
                <dd>{api.contacts.team}</dd>
              </>
            ) : null}
            {api.contacts.support ? (
              <>
                <dt>Support</dt>
                <dd>
                  <a href={`mailto:${api.contacts.support}`}>{api.contacts.support}</a>
                </dd>
              </>
            ) : null}
            {api.contacts.url ? (
              <>
                <dt>More</dt>
                <dd>
                  <a href={api.contacts.url} rel="noopener noreferrer">
                    {api.contacts.url}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </main>
    </Layout>
  );
}
