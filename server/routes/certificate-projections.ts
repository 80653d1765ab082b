import { z } from '@hono/zod-openapi';
import { CERTIFICATE_STATUSES, RECHECK_FLAGS, type CaRequest, type ClientCertificate } from '../db/schema.ts';
import { caCertificateFacts } from '../certificates/ca-facts.ts';
import { ERROR_CODES } from '../http/errors.ts';
import type { Actor } from '../rules/permissions.ts';
import { jsonResponse } from './schemas.ts';
import { holderMayAskForCa } from '../rules/ca-request-states.ts';
import { CA_STATES } from '../rules/ca-state.ts';
import { certificateDecidability } from '../rules/certificate-approval.ts';
import { canProvePossession, canReportRevoked, opensAccess } from '../rules/certificate-states.ts';
import { changeNotice } from '../rules/change-notice.ts';
import type { Check as CheckResult } from '../rules/client-certificate.ts';
import type { listRegistry } from '../services/ca-registry.ts';
import type { PossessionView, identityFacts } from '../services/certificate-possession.ts';

/**
 * What each reader of a client certificate or a CA gets (issue #13, Medium 4). Every schema is
 * closed and every handler maps its rows through one of these functions, so a column added to
 * the database reaches no one until it is named here. Never in any of them: the PEM and chain
 * (the holder has them; nobody else needs them), the possession challenge (only in `possession`,
 * on GET /api/certificates/{id}, for its uploader), who decided, account ids, the stored checks.
 */

export const Check = z.object({ rule: z.string(), ok: z.boolean(), message: z.string(), detail: z.string().optional() }).strict();

/** A refusal of a certificate or CA route: the code, the sentence, and every check when there are some. */
export const Rejected = jsonResponse(
  z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.array(Check).optional() }) }),
  'Refused: every failed rule is named',
);

export function checkForUploader({ rule, ok, message, detail }: CheckResult): z.infer<typeof Check> {
  return { rule, ok, message, ...(detail === undefined ? {} : { detail }) };
}

export const Possession = z
  .object({
    proved: z.boolean(),
    provedAt: z.number().nullable(),
    method: z.enum(['tls_handshake', 'signature']).nullable(),
    challenge: z.string().nullable().openapi({ description: 'What to sign with the private key (openssl dgst -sha256 -sign); null once proved' }),
    mtlsUrl: z.string().nullable().openapi({
      description: "The portal's mTLS listener, for the proof by TLS handshake (POST {mtlsUrl}{handshakePath} with the certificate and key); null when off",
    }),
    handshakePath: z.string(),
  })
  .strict();

export function possessionForItsHolder(view: PossessionView): z.infer<typeof Possession> {
  const { proved, provedAt, method, challenge, mtlsUrl, handshakePath } = view;
  return { proved, provedAt, method, challenge, mtlsUrl, handshakePath };
}

/** The facts of a certificate its holder's page and the owners' review both show. */
export const CertificateFacts = z
  .object({
    id: z.string(),
    apiSlug: z.string(),
    subject: z.string(),
    issuer: z.string(),
    serialNumber: z.string(),
    sha256: z.string(),
    notBefore: z.number(),
    notAfter: z.number(),
    status: z.enum(CERTIFICATE_STATUSES),
    directlyIssued: z.boolean(),
    decisionReason: z.string().nullable(),
    possessionProvedAt: z.number().nullable(),
    possessionMethod: z.enum(['tls_handshake', 'signature']).nullable(),
    createdAt: z.number(),
    recheck: z
      .object({ flag: z.enum(RECHECK_FLAGS), detail: z.string(), at: z.number() })
      .strict()
      .nullable()
      .openapi({
        description:
          "What the daily re-check against today's registry, rules and date found (a CA that expired or was retired stops it; a rule that changed or an end within 30 days flags it); null: nothing",
      }),
  })
  .strict();

/** The daily re-check's finding (services/certificate-recheck.ts), when there is one. */
export function recheckOf(row: Pick<ClientCertificate, 'recheckFlag' | 'recheckDetail' | 'recheckedAt'>): z.infer<typeof CertificateFacts>['recheck'] {
  const { recheckFlag, recheckDetail, recheckedAt } = row;
  return recheckFlag && recheckedAt !== null ? { flag: recheckFlag, detail: recheckDetail ?? '', at: recheckedAt } : null;
}

function certificateFacts(row: ClientCertificate): z.infer<typeof CertificateFacts> {
  const {
    id,
    apiSlug,
    subject,
    issuer,
    serialNumber,
    sha256,
    notBefore,
    notAfter,
    status,
    directlyIssued,
    decisionReason,
    possessionProvedAt,
    possessionMethod,
    createdAt,
  } = row;
  return {
    id,
    apiSlug,
    subject,
    issuer,
    serialNumber,
    sha256,
    notBefore,
    notAfter,
    status,
    directlyIssued,
    decisionReason,
    possessionProvedAt,
    possessionMethod,
    createdAt,
    recheck: recheckOf(row),
  };
}

/** A request that the platform team accept a CA, as the holder of a certificate waiting for that CA sees it: no PEM, no requester. */
export const CaRequestForHolder = z
  .object({
    name: z.string(),
    status: z.enum(['pending', 'added', 'declined']),
    createdAt: z.number(),
    decidedAt: z.number().nullable(),
    decisionReason: z.string().nullable(),
  })
  .strict()
  .openapi('CaRequestForHolder');

export function caRequestForHolder(request: CaRequest): z.infer<typeof CaRequestForHolder> {
  const { name, status, createdAt, decidedAt, decisionReason } = request;
  return { name, status, createdAt, decidedAt, decisionReason };
}

/** The consumer's own certificates (GET /api/certificates, and /{id} beside `possession`). */
export const HeldCertificate = CertificateFacts.extend({
  change: z
    .object({ replacesId: z.string(), changeAt: z.number(), noticeWorkingDays: z.number(), lateNotice: z.boolean() })
    .strict()
    .nullable()
    .openapi({ description: 'A renewal or CA change: what it replaces, when, and whether it was announced under the 5 working days the guidelines ask' }),
  caRequest: CaRequestForHolder.nullable().openapi({ description: 'The latest request that the platform team accept a CA of its chain' }),
  canAskForCa: z.boolean().openapi({ description: 'It waits for its CA and no request for it is pending: its holder may attach the CA chain and ask' }),
  canProvePossession: z.boolean().openapi({
    description:
      'Its state still takes a proof of the private key (waiting for its CA, for the owners, or approved): whether it is proved is possessionProvedAt',
  }),
  canReportRevoked: z.boolean().openapi({ description: 'Its holder may report it revoked (pending or approved)' }),
  opensAccess: z.boolean().openapi({ description: 'It opens mTLS API access (approved): the certificate an mTLS request names, or a renewal replaces' }),
})
  .strict()
  .openapi('HeldCertificate');

export function certificateForItsHolder(row: { certificate: ClientCertificate; caRequest: CaRequest | undefined }): z.infer<typeof HeldCertificate> {
  const { certificate, caRequest } = row;
  const { replacesId, changeAt, createdAt } = certificate;
  return {
    ...certificateFacts(certificate),
    change: replacesId && changeAt !== null ? { replacesId, changeAt, ...changeNotice(createdAt, changeAt) } : null,
    caRequest: caRequest ? caRequestForHolder(caRequest) : null,
    canAskForCa: holderMayAskForCa(certificate.status, caRequest?.status),
    canProvePossession: canProvePossession(certificate.status),
    canReportRevoked: canReportRevoked(certificate.status),
    opensAccess: opensAccess(certificate.status),
  };
}

const Identity = z
  .object({
    subjectOrganization: z.string().nullable(),
    companyMatchesSubject: z.boolean().nullable(),
    sharedWithOtherAccounts: z.boolean(),
    otherAccounts: z.number(),
    possessionProved: z.boolean(),
  })
  .strict();

/** The owners' identity review: the certificate, who uploaded it, and what the portal can tell of them. */
export const CertificateForOwners = z
  .object({
    certificate: CertificateFacts,
    user: z.object({ email: z.string(), fullName: z.string(), company: z.string() }).strict(),
    identity: Identity,
    decidable: z.boolean().openapi({ description: 'The lifecycle still takes an approval or a refusal (rules/certificate-states.ts)' }),
    approvalRefused: z.enum(['forbidden', 'own_request', 'possession_unproven']).nullable().openapi({
      description:
        'Why this reader may not approve it now (own_request: their own certificate; possession_unproven: its holder has not proved the private key); null when they may',
    }),
  })
  .strict()
  .openapi('CertificateForOwners');

type IdentityFacts = Awaited<ReturnType<typeof identityFacts>>[number];
export function certificateForOwners(
  row: { certificate: ClientCertificate; user: { email: string; fullName: string; company: string } },
  identity: IdentityFacts,
  reader: Actor,
): z.infer<typeof CertificateForOwners> {
  const { subjectOrganization, companyMatchesSubject, sharedWithOtherAccounts, otherAccounts, possessionProved } = identity;
  return {
    ...certificateDecidability(reader, row.certificate),
    certificate: certificateFacts(row.certificate),
    user: { email: row.user.email, fullName: row.user.fullName, company: row.user.company },
    identity: { subjectOrganization, companyMatchesSubject, sharedWithOtherAccounts, otherAccounts, possessionProved },
  };
}

/** The platform team's registry page: validity, dependents, whether it was seeded; not the CA's PEM. */
export const CaForPlatformTeam = z
  .object({
    id: z.string(),
    name: z.string(),
    ev: z.boolean(),
    source: z.enum(['mozilla', 'upload', 'awaiting']),
    sha256: z.string().nullable(),
    notAfter: z.number().nullable(),
    expiresSoon: z.boolean(),
    retiredAt: z.number().nullable().openapi({ description: 'When the platform team retired it: no certificate is accepted under it since' }),
    retiredReason: z.string().nullable(),
    state: z.enum(CA_STATES).openapi({ description: "From today's date (rules/ca-state.ts)" }),
    stateWords: z.string().openapi({ description: 'The state in words: active, awaiting its certificate, expiring in N days, expired N days ago, retired' }),
    acceptsNew: z.boolean().openapi({ description: 'Whether a new certificate under it may be accepted today' }),
    seeded: z.boolean().openapi({ description: 'Loaded at start (Mozilla store or configuration) rather than added by the platform team' }),
    createdAt: z.number(),
    dependents: z
      .array(
        z
          .object({
            id: z.string(),
            subject: z.string(),
            apiSlug: z.string(),
            apiTitle: z.string().openapi({ description: "The API's title in the catalogue (its slug if it left the catalogue)" }),
            holder: z.object({ fullName: z.string(), company: z.string() }).strict(),
            accesses: z.number().int().openapi({ description: 'Approved mTLS API access this certificate opens' }),
          })
          .strict(),
      )
      .openapi({ description: 'The approved certificates that chain to it: what retiring it (or its expiry) stops' }),
  })
  .strict()
  .openapi('CaForPlatformTeam');

export function caForPlatformTeam(ca: Awaited<ReturnType<typeof listRegistry>>[number]): z.infer<typeof CaForPlatformTeam> {
  const { id, name, ev, source, sha256, notAfter, expiresSoon, retiredAt, retiredReason, state, stateWords, acceptsNew, createdAt } = ca;
  // addedBy is 'seed' or the id of the platform member who added it: the page only says which.
  return {
    id,
    name,
    ev,
    source,
    sha256,
    notAfter,
    expiresSoon,
    retiredAt,
    retiredReason,
    state,
    stateWords,
    acceptsNew,
    seeded: ca.addedBy === 'seed',
    createdAt,
    dependents: ca.dependents.map(({ id: dependentId, subject, apiSlug, apiTitle, holder, accesses }) => ({
      id: dependentId,
      subject,
      apiSlug,
      apiTitle,
      holder: { fullName: holder.fullName, company: holder.company },
      accesses,
    })),
  };
}

/** An owner's request to accept a CA, as the platform team decides it: no PEM, no account ids. */
export const CaRequestForPlatformTeam = z
  .object({
    request: z
      .object({ id: z.string(), name: z.string(), reason: z.string(), status: z.enum(['pending', 'added', 'declined']), createdAt: z.number() })
      .strict(),
    requester: z.object({ email: z.string(), fullName: z.string() }).strict(),
    certificate: z
      .object({
        subject: z.string(),
        issuer: z.string(),
        notBefore: z.number(),
        notAfter: z.number(),
        sha256: z.string(),
        policyOids: z.array(z.string()).openapi({ description: 'Every policy of its certificatePolicies extension' }),
        evPolicyOids: z
          .array(z.string())
          .openapi({ description: "Those that are EV: the CA/Browser Forum's (2.23.140.1.1) and any the last CCADB report lists as a CA's EV policy" }),
        root: z.boolean().openapi({ description: 'Self-signed (its own key verifies its signature); false: an intermediate CA' }),
      })
      .strict()
      .openapi({ description: 'The requested CA certificate, read from its PEM (never sent)' }),
  })
  .strict()
  .openapi('CaRequestForPlatformTeam');

/** `knownEvOids`: the EV policies of the last CCADB import (services/ccadb-import.ts). */
export function caRequestForPlatformTeam(
  row: { request: CaRequest; requester: { email: string; fullName: string } },
  knownEvOids: ReadonlySet<string>,
): z.infer<typeof CaRequestForPlatformTeam> {
  const { id, name, reason, status, createdAt, certificatePem } = row.request;
  const { subject, issuer, notBefore, notAfter, sha256, policyOids, evPolicyOids, root } = caCertificateFacts(certificatePem, knownEvOids);
  return {
    request: { id, name, reason, status, createdAt },
    requester: { email: row.requester.email, fullName: row.requester.fullName },
    certificate: { subject, issuer, notBefore, notAfter, sha256, policyOids, evPolicyOids, root },
  };
}
