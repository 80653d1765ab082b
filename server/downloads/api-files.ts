import { createHash } from 'node:crypto';
import { convertV2 } from 'openapi-to-postmanv2';
import { stringify } from 'yaml';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { declaredScopes } from '../rules/sandbox-scopes.ts';

/** Where the downloaded files point: the portal's token endpoint and sandbox, and the mTLS listener's aliases. */
export interface PortalUrls {
  siteUrl: string;
  /** https://host:port of the mTLS listener (RFC 8705 aliases), null when it is off. */
  mtlsUrl: string | null;
}

/** The stable names under /downloads/<slug>/. */
const DOWNLOAD_FILES = ['openapi.json', 'openapi.yaml', 'postman-collection.json', 'postman-environment.json'] as const;
type DownloadFile = (typeof DOWNLOAD_FILES)[number];

export function isDownloadFile(name: string): name is DownloadFile {
  return (DOWNLOAD_FILES as readonly string[]).includes(name);
}

const at = (path: string, origin: string) => new URL(path, origin).toString();
const sandboxUrl = (slug: string, origin: string) => at(`/sandbox/${slug}`, origin);

/**
 * The spec as a partner uses it against this portal: the sandbox first among the servers (as
 * the docs show it, but absolute), OAuth2 client credentials at the portal's token endpoint,
 * and without the portal's own `x-portal` block, which is configuration, not API.
 */
export function downloadableSpec(document: JsonObject, slug: string, urls: PortalUrls): JsonObject {
  const { 'x-portal': _portal, ...spec } = structuredClone(document);
  const servers = Array.isArray(spec.servers) ? spec.servers : [];
  spec.servers = [{ url: sandboxUrl(slug, urls.siteUrl), description: 'Portico sandbox: a sandbox token from this portal' }, ...servers];
  const schemes = (spec.components as { securitySchemes?: Record<string, { type?: string; flows?: { clientCredentials?: { tokenUrl?: string } } }> })
    ?.securitySchemes;
  for (const scheme of Object.values(schemes ?? {})) {
    const flow = scheme.type === 'oauth2' ? scheme.flows?.clientCredentials : undefined;
    if (flow) flow.tokenUrl = at('/oauth/token', urls.siteUrl);
  }
  return spec;
}

export function specAsYaml(spec: JsonObject): string {
  return stringify(spec, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** The scope a sandbox token is asked for: the spec's declared scopes, else the API's access scope (decision 025). */
function scopeFor(document: JsonObject, slug: string): string {
  const declared = declaredScopes(document);
  return declared.length > 0 ? declared.join(' ') : `${slug}:sandbox`;
}

/**
 * The Postman environment: every URL and credential the collection reads is a variable, so a
 * partner switches between client secret and mTLS by editing values, not requests. Postman keeps
 * client certificates in its settings per host: `mtlsHost` names the host to add it for.
 */
export function postmanEnvironment(document: JsonObject, slug: string, title: string, urls: PortalUrls): JsonObject {
  const value = (key: string, text: string, type = 'default') => ({ key, value: text, type, enabled: true });
  const mtls = urls.mtlsUrl
    ? [
        value('mtlsTokenUrl', at('/oauth/token', urls.mtlsUrl)),
        value('mtlsBaseUrl', sandboxUrl(slug, urls.mtlsUrl)),
        value('mtlsHost', new URL(urls.mtlsUrl).host),
      ]
    : [];
  return {
    id: uuidFrom(`${slug}:${urls.siteUrl}:environment`),
    name: `${title} — Portico sandbox`,
    values: [
      value('baseUrl', sandboxUrl(slug, urls.siteUrl)),
      value('tokenUrl', at('/oauth/token', urls.siteUrl)),
      value('clientId', '<your client id>'),
      value('clientSecret', '', 'secret'),
      value('scope', scopeFor(document, slug)),
      ...mtls,
    ],
    _postman_variable_scope: 'environment',
  };
}

const collections = new Map<string, Promise<JsonObject>>();

/** The collection for one spec content and one portal: made once by openapi-to-postmanv2, then from memory. */
export function postmanCollection(document: JsonObject, slug: string, urls: PortalUrls): Promise<JsonObject> {
  const spec = downloadableSpec(document, slug, urls);
  const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
  let made = collections.get(key);
  if (!made) {
    made = convertToCollection(spec, slug, key);
    // A failed conversion is not kept: the next request tries again.
    made.catch(() => collections.delete(key));
    collections.set(key, made);
  }
  return made;
}

function convertToCollection(spec: JsonObject, slug: string, key: string): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    convertV2(
      { type: 'json', data: spec },
      { folderStrategy: 'Tags', requestNameSource: 'Fallback', parametersResolution: 'Example', enableOptionalParameters: false },
      (error, result) => {
        const collection = result?.result ? (result.output?.[0]?.data as JsonObject | undefined) : undefined;
        if (error || !collection)
          return reject(error ? new Error(error.message) : new Error(`openapi-to-postmanv2 could not convert ${slug}: ${result?.reason ?? 'no output'}`));
        resolve(withPortalAuth(collection, slug, key));
      },
    );
  });
}

/**
 * Every request inherits one OAuth2 client-credentials setting read from the environment,
 * whatever the spec declares (an API without an OAuth2 scheme still takes a sandbox token).
 */
function withPortalAuth(collection: JsonObject, slug: string, key: string): JsonObject {
  const entry = (key: string, value: string) => ({ key, value, type: 'string' });
  const info = collection.info as JsonObject;
  return {
    ...collection,
    info: { ...info, _postman_id: uuidFrom(key) },
    auth: {
      type: 'oauth2',
      oauth2: [
        entry('grant_type', 'client_credentials'),
        entry('accessTokenUrl', '{{tokenUrl}}'),
        entry('clientId', '{{clientId}}'),
        entry('clientSecret', '{{clientSecret}}'),
        entry('scope', '{{scope}}'),
        entry('client_authentication', 'header'),
        entry('addTokenTo', 'header'),
        entry('tokenName', `${slug} sandbox`),
      ],
    },
  };
}

/** A stable id, so importing the same file twice updates rather than duplicates. */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
