import type React from 'react';
import BrowserOnly from '@docusaurus/BrowserOnly';
import DownloadLinks from '@site/src/portal/DownloadLinks';
import RequestAccess from '@site/src/features/doc-access/RequestAccess';
import type { CatalogEntry } from '../../catalog';
import styles from './styles.module.css';

/** Where the full documentation is, and for a private API how to get it. */
export default function DocsAccess({ api }: { api: CatalogEntry }): React.JSX.Element {
  if (api.visibility === 'public') {
    // Public API docs are their own builds too (build/public-groups.ts): a full page load.
    return (
      <div className={styles.access}>
        <a className="button button--primary" href={api.docsPath}>
          Read the documentation
        </a>
        <DownloadLinks slug={api.slug} />
      </div>
    );
  }
  return (
    <div className={styles.access} data-testid="private-access">
      <p>
        <strong>The full documentation of this API is private.</strong> Its owners open it to the partners, customers and prospects they approve.
      </p>
      {/* Behind the server's gate: a full page load, not client-side routing. */}
      <BrowserOnly fallback={<p>Sign in to request access.</p>}>
        {() => <RequestAccess slug={api.slug} title={api.title} docsPath={api.docsPath} />}
      </BrowserOnly>
    </div>
  );
}
