import type React from 'react';
import { useEffect, useMemo, useState } from 'react';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import type { CatalogEntry } from '../../catalog';
import { useReaderAccess } from '@site/src/features/dashboard/ReaderAccess';
import ApiCard from './ApiCard';
import { filterCatalog, readFilterFromSearch, writeFilterToSearch, type CatalogFilter } from './filter-catalog';
import styles from './styles.module.css';

export default function PorticoCatalogPage({ catalog }: { catalog: CatalogEntry[] }): React.JSX.Element {
  const [filter, setFilter] = useState<CatalogFilter>({ text: '', tag: '', visibility: '' });
  const allTags = useMemo(() => [...new Set(catalog.flatMap((entry) => entry.tags))].sort(), [catalog]);
  const shown = useMemo(() => filterCatalog(catalog, filter), [catalog, filter]);
  const access = useReaderAccess();

  // The filter lives in the query string so a filtered catalog can be shared as a link.
  useEffect(() => setFilter(readFilterFromSearch(window.location.search)), []);
  useEffect(() => {
    const search = writeFilterToSearch(filter);
    if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }, [filter]);

  const update = (patch: Partial<CatalogFilter>) => setFilter((current) => ({ ...current, ...patch }));

  return (
    <Layout title="API catalog" description="Every API published on the portal, public and private">
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1">API catalog</Heading>
          <p className={styles.lead}>
            Public APIs are documented for everyone. Private APIs show an overview here; their owners open the full documentation to you on request.
          </p>
        </div>
      </header>
      <main className="container margin-vert--lg">
        {/* biome-ignore lint/a11y/useSemanticElements: <form role="search"> is the landmark every browser supports; the <search> element is newer */}
        <form className={styles.filters} role="search" onSubmit={(event) => event.preventDefault()}>
          <div className={styles.field}>
            <label htmlFor="catalog-search">Search</label>
            <input
              id="catalog-search"
              type="search"
              name="q"
              placeholder="Title, summary or tag"
              value={filter.text}
              onChange={(event) => update({ text: event.target.value })}
            />
          </div>
          <div className={styles.field}>
            <label htmlFor="catalog-tag">Tag</label>
            <select id="catalog-tag" name="tag" value={filter.tag} onChange={(event) => update({ tag: event.target.value })}>
              <option value="">All tags</option>
              {allTags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
            </select>
          </div>
          <div className={styles.field}>
            <label htmlFor="catalog-visibility">Visibility</label>
            <select
              id="catalog-visibility"
              name="visibility"
              value={filter.visibility}
              onChange={(event) => update({ visibility: event.target.value as CatalogFilter['visibility'] })}
            >
              <option value="">Public and private</option>
              <option value="public">Public</option>
              <option value="private">Private</option>
            </select>
          </div>
        </form>
        <p className={styles.count} aria-live="polite" data-testid="catalog-count">
          {shown.length === 1 ? '1 API' : `${shown.length} APIs`}
          {shown.length !== catalog.length ? ` of ${catalog.length}` : ''}
        </p>
        {shown.length === 0 ? (
          <p className={styles.empty}>
            No API matches these filters.{' '}
            <button type="button" className="button button--link" onClick={() => setFilter({ text: '', tag: '', visibility: '' })}>
              Clear the filters
            </button>
          </p>
        ) : (
          <ul className={styles.grid}>
            {shown.map((entry) => (
              <li key={entry.slug}>
                <ApiCard entry={entry} access={access.get(entry.slug)} activeTag={filter.tag} onTag={(tag) => update({ tag })} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </Layout>
  );
}
