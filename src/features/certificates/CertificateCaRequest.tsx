import type React from 'react';
import { useId, useState } from 'react';
import { api, type ApiFailure } from '../../portal/api-client';
import type { HolderCaRequest } from './types';
import { caRequestSentence } from './words';

/** A .pem/.crt file's text (the CA chain is PEM). */
async function readText(file: File): Promise<string> {
  return new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()));
}

/**
 * A certificate that waits for its certification authority: say so in plain words, where the
 * request for that CA stands, and — when its holder may ask (the server says, `canAskForCa`) —
 * a form to attach the CA chain and ask the platform team to accept it.
 */
export default function CertificateCaRequest({
  certificateId,
  issuer,
  request,
  canAsk,
  onAsked,
}: {
  certificateId: string;
  issuer: string;
  request: HolderCaRequest | null;
  canAsk: boolean;
  onAsked: (sentence: string) => void;
}): React.JSX.Element {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [chain, setChain] = useState('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [sending, setSending] = useState(false);

  const ask = async (event: React.FormEvent) => {
    event.preventDefault();
    setSending(true);
    const result = await api<{ caRequest: HolderCaRequest; joined: boolean }>(`/certificates/${certificateId}/ca-request`, {
      json: { chain, ...(note.trim() ? { note: note.trim() } : {}) },
    });
    setSending(false);
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setOpen(false);
    onAsked(
      result.joined
        ? `“${result.caRequest.name}” was already asked for: your certificate joins that request. You are emailed when the platform team decides.`
        : `Asked. The platform team and the API owners are told; you are emailed when “${result.caRequest.name}” is accepted or refused.`,
    );
  };

  return (
    <div className="margin-top--sm" data-testid="certificate-ca-request">
      {request ? <p className="margin-bottom--sm">{caRequestSentence(request)}</p> : null}
      {canAsk && !open ? (
        <button type="button" className="button button--sm button--primary" onClick={() => setOpen(true)}>
          Send its authority's certificate and ask for it
        </button>
      ) : null}
      {canAsk && open ? (
        <form onSubmit={ask} aria-label="Ask for the certification authority">
          <p className="margin-bottom--sm">
            Your certificate was issued by <strong>{issuer}</strong>. Attach that authority's certificate and those above it up to the root (PEM), as your
            certification authority publishes them. Never attach a private key.
          </p>
          <label htmlFor={`${id}-chain`} style={{ display: 'block', fontWeight: 600 }}>
            Certificates of the authority (PEM)
          </label>
          <textarea
            id={`${id}-chain`}
            rows={5}
            required
            value={chain}
            placeholder="-----BEGIN CERTIFICATE-----"
            onChange={(event) => setChain(event.target.value)}
            style={{ width: '100%', fontFamily: 'monospace' }}
          />
          <label htmlFor={`${id}-file`} style={{ display: 'block' }}>
            or choose the file{' '}
            <input
              id={`${id}-file`}
              type="file"
              accept=".pem,.crt,.cer"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (file) setChain(await readText(file));
              }}
            />
          </label>
          <label htmlFor={`${id}-note`} style={{ display: 'block', fontWeight: 600, marginTop: 8 }}>
            Why your company uses this authority (optional)
          </label>
          <input id={`${id}-note`} value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} style={{ width: '100%' }} />
          {failure ? (
            <div className="alert alert--danger margin-top--sm" role="alert">
              {failure.message}
            </div>
          ) : null}
          <div className="margin-top--sm">
            <button className="button button--sm button--primary" type="submit" disabled={sending}>
              {sending ? 'Sending…' : 'Ask for this authority to be accepted'}
            </button>{' '}
            <button type="button" className="button button--sm button--secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
