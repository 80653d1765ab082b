import type React from 'react';
import { useEffect, useState } from 'react';
import Heading from '@theme/Heading';
import { describeLifetime, sandboxAccessFacts, type AuthorizationMetadata, type SandboxAccessFacts } from './facts';

interface Props {
  slug: string;
  /** The scopes the spec's client-credentials flow declares (build time: the spec is the build's input). */
  scopes: string[];
}

/**
 * "Sandbox access" on an API's first docs page (written by build/pages/page-writer.ts). Until the
 * server's metadata arrives (and in the static HTML) it names paths on this site; then the
 * server's own absolute URLs and token lifetime (facts.ts).
 */
export default function PorticoSandboxAccess({ slug, scopes }: Props): React.JSX.Element {
  const [facts, setFacts] = useState<SandboxAccessFacts | null>(null);
  const scopeList = scopes.join(' ');
  useEffect(() => {
    void fetch('/.well-known/oauth-authorization-server')
      .then((response) => (response.ok ? (response.json() as Promise<AuthorizationMetadata>) : null))
      .then((metadata) => metadata && setFacts(sandboxAccessFacts(metadata, slug, scopeList ? scopeList.split(' ') : [])))
      .catch(() => undefined);
  }, [slug, scopeList]);
  const shown = facts ?? { tokenUrl: '/oauth/token', sandboxUrl: `/sandbox/${slug}`, scopes: [`${slug}:sandbox`, ...scopes] };
  return (
    <section className="margin-vert--lg" data-testid="sandbox-access">
      <Heading as="h2" id="sandbox-access">
        Sandbox access
      </Heading>
      <p>
        Ask the portal's token endpoint for a token with OAuth2 client credentials (your app's client id and secret, or its client id and approved certificate),
        then call the sandbox with <code>Authorization: Bearer …</code>.
      </p>
      <table>
        <tbody>
          <tr>
            <th>Token URL (client secret)</th>
            <td>
              <code>{shown.tokenUrl}</code>
            </td>
          </tr>
          <tr>
            <th>Sandbox base URL (client secret)</th>
            <td>
              <code>{shown.sandboxUrl}</code>
            </td>
          </tr>
          {facts?.mtls ? (
            <>
              <tr>
                <th>Token URL (mTLS, RFC 8705)</th>
                <td>
                  <code>{facts.mtls.tokenUrl}</code>
                </td>
              </tr>
              <tr>
                <th>Sandbox base URL (mTLS)</th>
                <td>
                  <code>{facts.mtls.sandboxUrl}</code>
                </td>
              </tr>
            </>
          ) : null}
          <tr>
            <th>Scopes</th>
            <td>
              {shown.scopes.map((scope, index) => (
                <span key={scope}>
                  {index > 0 ? ' ' : ''}
                  <code>{scope}</code>
                </span>
              ))}
              <br />
              <small>
                <code>{slug}:sandbox</code> (the default when you ask for no scope) stands for every scope of this API.
              </small>
            </td>
          </tr>
          <tr>
            <th>Token lifetime</th>
            <td>
              {facts?.lifetimeSeconds ? describeLifetime(facts.lifetimeSeconds) : 'as the token answer says in expires_in'}; ask for a new token when it
              expires.
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        The server's metadata: <a href="/.well-known/oauth-authorization-server">/.well-known/oauth-authorization-server</a>.
      </p>
    </section>
  );
}
