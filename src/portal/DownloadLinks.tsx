import type React from 'react';

/**
 * The API's files for tools (decision 032): its OpenAPI description and a Postman collection with
 * an environment already pointing at the portal's token URL and sandbox. For a private API the
 * server gives them only to readers of its documentation, so the links are shown only to them.
 */
export default function DownloadLinks({ slug }: { slug: string }): React.JSX.Element {
  const base = `/downloads/${slug}`;
  return (
    <p className="margin-top--sm" data-testid="api-downloads">
      <strong>Download:</strong> OpenAPI <a href={`${base}/openapi.yaml`}>YAML</a> · <a href={`${base}/openapi.json`}>JSON</a> · Postman{' '}
      <a href={`${base}/postman-collection.json`}>collection</a> and <a href={`${base}/postman-environment.json`}>environment</a> (token URL and sandbox set;
      add your client id and secret)
    </p>
  );
}
