/**
 * The scopes of an API are those its spec declares for OAuth2 client credentials (issue 18
 * item 1). The access scope `<api>:<environment>` stays the documented default: it stands for
 * every scope the spec declares, and is the only scope of an API whose spec declares none.
 */
import { declaredScopes, isObject, securitySchemesOf as schemesOf } from '../../plugins/portico/contract.ts';

// One rule for the token endpoint and the docs' "Sandbox access" section (the build shares only the contract).
export { declaredScopes };

/** What a token holds for one API: its access scope opens every declared scope, else those it names. */
export function heldScopes(tokenScopes: string[], accessScope: string, declared: string[]): Set<string> {
  if (tokenScopes.includes(accessScope)) return new Set([accessScope, ...declared]);
  return new Set(tokenScopes.filter((scope) => declared.includes(scope)));
}

type SecurityVerdict = { ok: true } | { ok: false; needed: string[] };

/**
 * An operation's security requirement (its own, else the spec's): one alternative met in full.
 * OAuth2 and OpenID Connect entries need their scopes held; `mutualTLS` a client certificate on
 * the connection; other schemes (API key, HTTP) are stood in for by the sandbox's bearer token.
 */
export function securityVerdict(document: unknown, operation: unknown, held: Set<string>, facts: { certificate: boolean }): SecurityVerdict {
  const own = isObject(operation) ? operation.security : undefined;
  const requirements = Array.isArray(own) ? own : isObject(document) && Array.isArray(document.security) ? document.security : [];
  if (requirements.length === 0) return { ok: true };
  const schemes = schemesOf(document);
  let closest: string[] | undefined;
  for (const requirement of requirements.filter(isObject)) {
    const needed: string[] = [];
    let met = true;
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = isObject(schemes[name]) ? schemes[name] : {};
      if (scheme.type === 'mutualTLS') met &&= facts.certificate;
      else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
        needed.push(...(Array.isArray(scopes) ? scopes.map(String) : []).filter((scope) => !held.has(scope)));
    }
    if (met && needed.length === 0) return { ok: true };
    if (met && (!closest || needed.length < closest.length)) closest = needed;
  }
  return { ok: false, needed: closest ?? [] };
}
