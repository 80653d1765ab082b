import type React from 'react';
import { useState } from 'react';
import type { ApiFailure } from '../../portal/api-client';
import { ErrorNote, SuccessNote } from '../../portal/components';
import type { ApiSummary } from '../../portal/use-apis';
import { CertificateTable, type RowEvents } from './CertificateTable';
import type { Check } from './types';
import { UploadForm } from './UploadForm';
import type { UploadOutcome } from './upload';
import { useCertificates } from './use-certificates';

/** What the page tells the holder after their last action: one banner, and that upload's checks if it was one. */
interface Banner {
  note: string | null;
  /** The note is a warning (waiting for its CA, or a change announced late), not a success. */
  warns: boolean;
  /** Kept, but waiting for its CA (202): its failed chain check is pending, not a red cross. */
  waitingForCa: boolean;
  failure: ApiFailure | null;
  checks: Check[] | null;
}

const EMPTY: Banner = { note: null, warns: false, waitingForCa: false, failure: null, checks: null };

function Checks({ checks, waitingForCa }: { checks: Check[]; waitingForCa: boolean }): React.JSX.Element {
  return (
    <ul data-testid="certificate-checks">
      {checks.map((check, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the checks come in a fixed order and never move
        <li key={index} style={{ color: check.ok || waitingForCa ? undefined : 'var(--ifm-color-danger)' }}>
          {check.ok ? '✓' : waitingForCa ? '…' : '✗'} {check.message} {check.detail && !check.ok ? <small>({check.detail})</small> : null}
        </li>
      ))}
    </ul>
  );
}

function BannerNote({ banner }: { banner: Banner }): React.JSX.Element | null {
  if (!banner.note) return null;
  if (!banner.warns) return <SuccessNote>{banner.note}</SuccessNote>;
  return (
    <div
      className="alert alert--warning margin-bottom--md"
      role="status"
      data-testid={banner.waitingForCa ? 'certificate-waiting-for-ca' : 'certificate-late-warning'}
    >
      {banner.note}
    </div>
  );
}

/** The banner after an upload: its checks, and a success, a warning or the refusal. */
function afterUpload(outcome: UploadOutcome): Banner {
  if (!outcome.ok) return { ...EMPTY, checks: outcome.checks, failure: outcome.failure };
  return { note: outcome.note, warns: outcome.warns, waitingForCa: outcome.waitingForCa, failure: null, checks: outcome.checks };
}

/**
 * My certificates: upload one (checked at once), then follow each through its CA, its proof and
 * the owners' review. `enabled`: the reader may hold certificates (/api/me's `manageApps`);
 * `apis`: the catalogue's APIs (the build's, given by the page).
 */
export function MyCertificates({ enabled, apis }: { enabled: boolean; apis: ApiSummary[] }): React.JSX.Element {
  const { rows, reload } = useCertificates(enabled);
  // One result at a time: each outcome replaces the banner and the checks of the one before.
  const [banner, setBanner] = useState<Banner>(EMPTY);
  const events: RowEvents = {
    onAsked: (sentence) => {
      setBanner({ ...EMPTY, note: sentence });
      void reload();
    },
    onProved: (sentence) => {
      setBanner({ ...EMPTY, note: `${sentence} The API owners can now review your certificate.` });
      void reload();
    },
    onReported: async (result) => {
      setBanner(
        result.ok
          ? { ...EMPTY, note: `Reported. The support team handles it by ${result.dueBy} (5 working days). Upload your new certificate when you have it.` }
          : { ...EMPTY, failure: result },
      );
      await reload();
    },
  };

  return (
    <>
      <BannerNote banner={banner} />
      <ErrorNote failure={banner.failure} />
      {banner.checks ? <Checks checks={banner.checks} waitingForCa={banner.waitingForCa} /> : null}
      <UploadForm
        apis={apis}
        rows={rows}
        onTooLarge={(failure) => setBanner({ ...EMPTY, failure })}
        onOutcome={async (outcome) => {
          setBanner(afterUpload(outcome));
          await reload();
        }}
      />
      <CertificateTable rows={rows} apis={apis} events={events} />
    </>
  );
}
