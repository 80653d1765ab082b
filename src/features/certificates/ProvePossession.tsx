import type React from 'react';
import { useEffect, useState } from 'react';
import { api } from '../../portal/api-client';
import { TextAreaField } from '../../portal/components';
import type { Possession } from './types';
import { provedSentence } from './words';

function Command({ text }: { text: string }): React.JSX.Element {
  return (
    <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      <code>{text}</code>
    </pre>
  );
}

/**
 * The holder's step after an upload: show that they hold the certificate's private key, by
 * one mTLS request or by signing a challenge. The key never leaves their machine.
 */
export default function ProvePossession({
  certificateId,
  onProved,
}: {
  certificateId: string;
  onProved: (sentence: string) => void;
}): React.JSX.Element | null {
  const [possession, setPossession] = useState<Possession | null>(null);
  const [signature, setSignature] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const load = async () => {
    const result = await api<{ possession: Possession }>(`/certificates/${certificateId}`);
    if (result.ok) setPossession(result.possession);
    if (result.ok && result.possession.proved) onProved(provedSentence(result.possession.method, result.possession.provedAt));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads again when the certificate changes; load is a new function each render
  useEffect(() => {
    void load();
  }, [certificateId]);
  if (!possession || possession.proved || !possession.challenge) return null;
  const send = async () => {
    if (!signature.trim()) return setProblem('Paste the signature first: what the last command (base64) printed.');
    const result = await api<{ possession: Possession }>(`/certificates/${certificateId}/possession`, { json: { signature } });
    if (!result.ok) return setProblem(result.message);
    setProblem(null);
    setPossession(result.possession);
    onProved(provedSentence(result.possession.method, result.possession.provedAt));
  };
  return (
    <div data-testid="prove-possession">
      <p>
        A certificate is public: anyone could upload yours. Before the API owners can approve it, show that you hold its private key. The key never leaves your
        machine; either way below takes a minute. Run the commands where your certificate (<code>client.pem</code>) and its key (<code>client.key</code>) are,
        with your own file names.
      </p>
      {possession.mtlsUrl ? (
        <>
          <h3>Either: one request to the portal's mTLS address</h3>
          <Command text={`curl --cert client.pem --key client.key -X POST ${possession.mtlsUrl}${possession.handshakePath}`} />
          <p>
            <small>
              If curl says it cannot trust the portal's server certificate (a test portal), add <code>-k</code>. Then:
            </small>{' '}
            <button type="button" className="button button--sm button--secondary" onClick={() => void load()}>
              Check again
            </button>
          </p>
          <h3>Or: sign this challenge and paste the signature</h3>
        </>
      ) : (
        <h3>Sign this challenge and paste the signature</h3>
      )}
      <Command
        text={`printf '%s' '${possession.challenge}' > challenge.txt\nopenssl dgst -sha256 -sign client.key -out sig.bin challenge.txt\nbase64 < sig.bin`}
      />
      <TextAreaField
        label="Signature (base64)"
        name={`signature-${certificateId}`}
        rows={4}
        monospace
        value={signature}
        onChange={setSignature}
        hint="Paste what the last command (base64) printed."
      />
      <button type="button" className="button button--sm button--primary" onClick={() => void send()}>
        Send the signature
      </button>
      {problem ? (
        <p className="text--danger" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
