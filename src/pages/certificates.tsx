import type React from 'react';
import { MyCertificates } from '../features/certificates/MyCertificates';
import { PortalPage } from '../portal/PortalPage';
import { useApis } from '../portal/use-apis';
import { useMe } from '../portal/use-me';

/** /certificates: the holder's client certificates (src/features/certificates). */
export default function CertificatesPage(): React.JSX.Element {
  const { me, loading } = useMe();
  const apis = useApis();
  if (loading) return <PortalPage title="My certificates">Loading…</PortalPage>;
  if (!me)
    return (
      <PortalPage title="My certificates">
        <a href="/signin?next=%2Fcertificates">Sign in</a> to upload a client certificate.
      </PortalPage>
    );
  return (
    <PortalPage title="My certificates" wide>
      <p>
        Upload your X.509 client certificate (PEM or DER, <code>.pem</code>, <code>.crt</code>, <code>.cer</code>, with its intermediate chain if any). It is
        checked at once; see <a href="/guides/certificates">how to upload a certificate</a>. Never upload your private key.
      </p>
      <MyCertificates enabled={me.permissions.manageApps} apis={apis} />
    </PortalPage>
  );
}
