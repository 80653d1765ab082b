import type React from 'react';
import { useState } from 'react';
import styles from './registry.module.css';
import { CcadbStandingView } from './CcadbStanding';
import { useCcadb } from './use-ccadb';

/**
 * The registry compared with the CCADB Included CA Certificate Report (issue 17 item 4): the
 * upload (the CSV read here and sent as it is), its outcome in one banner, then the comparison
 * the server makes (server/rules/ccadb-comparison.ts): the page only shows its words.
 */
export function CcadbComparison(): React.JSX.Element {
  const { standing, failure, outcome, importing, importReport } = useCcadb();
  const [file, setFile] = useState<File | null>(null);
  return (
    <section aria-labelledby="ccadb-heading" data-testid="ccadb">
      <h2 id="ccadb-heading" className="margin-top--lg">
        Compared with the CCADB
      </h2>
      {outcome ? (
        <div
          className={`alert ${outcome.ok ? 'alert--success' : 'alert--danger'} margin-bottom--md`}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="ccadb-outcome"
        >
          {outcome.words}
        </div>
      ) : null}
      <form
        className={styles.panel}
        onSubmit={async (event) => {
          event.preventDefault();
          if (file) await importReport(file);
        }}
      >
        <label htmlFor="ccadb-file" className={styles.label}>
          Import the CCADB Included CA Certificate Report (CSV)
        </label>
        <input
          id="ccadb-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="ccadb-file-hint"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <small id="ccadb-file-hint" className={styles.hint}>
          The file as downloaded, up to 4 MB. It replaces the last import for the comparison; the import is kept in the audit log.
        </small>
        <div className={styles.buttons}>
          <button type="submit" className="button button--primary" disabled={!file || importing} data-testid="ccadb-import">
            {importing ? 'Importing…' : 'Import the report'}
          </button>
        </div>
      </form>
      {failure ? (
        <div className="alert alert--danger" role="alert">
          {failure.message}
        </div>
      ) : standing ? (
        <CcadbStandingView standing={standing} />
      ) : (
        <p>Loading the comparison…</p>
      )}
    </section>
  );
}
