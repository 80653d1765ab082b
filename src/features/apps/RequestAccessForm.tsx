import type React from 'react';
import { useId, useState } from 'react';
import Link from '@docusaurus/Link';
import { api } from '../../portal/api-client';
import type { ApiSummary } from '../../portal/use-apis';
import type { ApprovedCertificate, Outcome } from './types';
import { ENVIRONMENT_WORDS, METHOD_WORDS } from './words';

const fieldStyle: React.CSSProperties = { display: 'block', width: '100%', maxWidth: 480, padding: '0.4rem 0.5rem', borderRadius: 6 };
const labelStyle: React.CSSProperties = { display: 'block', fontWeight: 600, marginBottom: 4 };

/**
 * Asks API access for one app as the guidelines have it: which API (public ones, and private ones
 * the reader may read), which environment and which method — only those the API offers there —
 * the approved certificate for mTLS, and what the app does with it, for the API owners.
 */
export function RequestAccessForm(props: {
  appId: string;
  appName: string;
  apis: ApiSummary[];
  readableApis: string[];
  certificates: ApprovedCertificate[];
  onDone: (outcome: Outcome) => Promise<void>;
}): React.JSX.Element {
  const id = useId();
  const requestable = props.apis.filter((one) => one.environments.length > 0 && (one.visibility === 'public' || props.readableApis.includes(one.slug)));
  const [slug, setSlug] = useState('');
  const [environment, setEnvironment] = useState('');
  const [method, setMethod] = useState('');
  const [certificateId, setCertificateId] = useState('');
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = requestable.find((one) => one.slug === slug);
  const environments = chosen?.environments ?? [];
  const methods = environments.find((one) => one.name === environment)?.auth ?? [];
  const certificates = props.certificates.filter((one) => one.apiSlug === slug);
  const ready = Boolean(slug && environment && method && (method !== 'mtls' || certificateId));

  const chooseApi = (next: string) => {
    setSlug(next);
    const offered = requestable.find((one) => one.slug === next)?.environments ?? [];
    // One choice offered is already made: the form never asks what has one answer.
    setEnvironment(offered.length === 1 ? (offered[0]?.name ?? '') : '');
    setMethod(offered.length === 1 && offered[0]?.auth.length === 1 ? (offered[0].auth[0] ?? '') : '');
    setCertificateId('');
  };
  const chooseEnvironment = (next: string) => {
    setEnvironment(next);
    const offered = environments.find((one) => one.name === next)?.auth ?? [];
    setMethod(offered.length === 1 ? (offered[0] ?? '') : '');
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const body = {
      apiSlug: slug,
      environment,
      authMethod: method,
      ...(method === 'mtls' ? { certificateId } : {}),
      ...(justification.trim() ? { justification } : {}),
    };
    const result = await api(`/apps/${props.appId}/api-access`, { json: body });
    setBusy(false);
    if (!result.ok) return props.onDone({ ok: false, failure: result });
    const what = `${ENVIRONMENT_WORDS[environment] ?? environment} access to ${chosen?.title ?? slug} (${METHOD_WORDS[method] ?? method})`;
    await props.onDone({ ok: true, note: `${what} requested for ${props.appName}: the API owners are emailed and review it.` });
    setSlug('');
    setEnvironment('');
    setMethod('');
    setCertificateId('');
    setJustification('');
  };

  if (requestable.length === 0)
    return <p>No API offers access yet that you may ask for. Documentation access to a private API comes first: ask for it on the API's page.</p>;
  return (
    <form onSubmit={submit} data-testid="access-request" aria-label={`Request API access for ${props.appName}`}>
      <div className="margin-bottom--sm">
        <label htmlFor={`${id}-api`} style={labelStyle}>
          API
        </label>
        <select id={`${id}-api`} style={fieldStyle} value={slug} onChange={(event) => chooseApi(event.target.value)} required>
          <option value="">Choose an API</option>
          {requestable.map((one) => (
            <option key={one.slug} value={one.slug}>
              {one.title}
            </option>
          ))}
        </select>
      </div>
      {chosen ? (
        <Choice
          legend="Environment"
          name={`${id}-environment`}
          value={environment}
          onChange={chooseEnvironment}
          options={environments.map((one) => one.name)}
          words={ENVIRONMENT_WORDS}
        />
      ) : null}
      {environment ? <Choice legend="Authentication" name={`${id}-method`} value={method} onChange={setMethod} options={methods} words={METHOD_WORDS} /> : null}
      {method === 'mtls' ? (
        <div className="margin-bottom--sm">
          <label htmlFor={`${id}-certificate`} style={labelStyle}>
            Certificate
          </label>
          {certificates.length > 0 ? (
            <select id={`${id}-certificate`} style={fieldStyle} value={certificateId} onChange={(event) => setCertificateId(event.target.value)} required>
              <option value="">Choose an approved certificate</option>
              {certificates.map((one) => (
                <option key={one.id} value={one.id}>
                  {one.subject}
                </option>
              ))}
            </select>
          ) : (
            <p className="margin-bottom--none" id={`${id}-certificate`}>
              You have no approved certificate for {chosen?.title}. <Link href="/certificates">Upload one on My certificates</Link>; once the API owners approve
              it, come back here.
            </p>
          )}
        </div>
      ) : null}
      {method ? (
        <div className="margin-bottom--sm">
          <label htmlFor={`${id}-why`} style={labelStyle}>
            What the app does with this API <span style={{ fontWeight: 400 }}>(optional, shown to the API owners)</span>
          </label>
          <textarea
            id={`${id}-why`}
            style={fieldStyle}
            rows={2}
            maxLength={1000}
            value={justification}
            onChange={(event) => setJustification(event.target.value)}
          />
        </div>
      ) : null}
      <button type="submit" className="button button--sm button--primary" disabled={!ready || busy}>
        {busy ? 'Requesting…' : 'Request access'}
      </button>
      {!ready ? (
        <small className="margin-left--sm" style={{ color: 'var(--ifm-color-emphasis-700)' }}>
          {!slug ? 'Choose an API.' : !environment ? 'Choose an environment.' : !method ? 'Choose how the app authenticates.' : 'Choose a certificate.'}
        </small>
      ) : null}
    </form>
  );
}

function Choice(props: {
  legend: string;
  name: string;
  value: string;
  options: string[];
  words: Record<string, string>;
  onChange: (value: string) => void;
}): React.JSX.Element {
  return (
    <fieldset className="margin-bottom--sm" style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend style={labelStyle}>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option} style={{ display: 'inline-flex', gap: '0.35rem', alignItems: 'center', marginRight: '1rem' }}>
          <input type="radio" name={props.name} value={option} checked={props.value === option} onChange={() => props.onChange(option)} required />
          {props.words[option] ?? option}
        </label>
      ))}
    </fieldset>
  );
}
