import type React from 'react';
import { useState } from 'react';
import { api } from '../../portal/api-client';
import styles from './registry.module.css';
import type { Report } from './types';

/** The platform team adds a CA, or gives an entry that awaits its certificate the PEM (EV confirmed). */
export function AddCaForm({ report }: { report: Report }): React.JSX.Element {
  const [form, setForm] = useState({ name: '', certificate: '', ev: false });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        await report(await api('/registry/cas', { method: 'PUT', json: form }), `${form.name} is accepted.`);
      }}
    >
      <label htmlFor="ca-name" className={styles.label}>
        CA name
      </label>
      <input
        id="ca-name"
        placeholder="e.g. 2014-2044 BNPP Root"
        value={form.name}
        onChange={(event) => setForm((current) => ({ ...current, name: event.target.value }))}
        style={{ width: '100%', padding: '0.4rem 0.5rem', borderRadius: 6, marginBottom: '0.75rem' }}
      />
      <label htmlFor="ca-certificate" className={styles.label}>
        CA certificate (PEM)
      </label>
      <textarea
        id="ca-certificate"
        placeholder="-----BEGIN CERTIFICATE-----"
        rows={6}
        value={form.certificate}
        onChange={(event) => setForm((current) => ({ ...current, certificate: event.target.value }))}
        style={{ width: '100%', fontFamily: 'monospace', borderRadius: 6 }}
      />
      <label style={{ display: 'block', margin: '0.5rem 0' }}>
        <input type="checkbox" checked={form.ev} onChange={(event) => setForm((current) => ({ ...current, ev: event.target.checked }))} /> I checked that it is
        an audited EV certification authority
      </label>{' '}
      <button className="button button--primary" type="submit" disabled={!form.name || !form.certificate}>
        Save
      </button>
    </form>
  );
}
