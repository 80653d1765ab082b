import { createHash } from 'node:crypto';
import { and, countDistinct, eq, inArray, isNull } from 'drizzle-orm';
import { checkPossessionSignature, newPossessionChallenge } from '../certificates/possession.ts';
import { writeTransaction } from '../db/client.ts';
import { clientCertificates, type ClientCertificate } from '../db/schema.ts';
import { POSSESSION_PROVABLE, canProvePossession } from '../rules/certificate-states.ts';
import { actsOnOwn } from '../rules/permissions.ts';
import { companyMatchesSubject, subjectOrganization } from '../rules/certificate-identity.ts';
import { appendAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';

type Method = NonNullable<ClientCertificate['possessionMethod']>;

/** What the holder's certificate page needs to explain and run the proof. */
export interface PossessionView {
  proved: boolean;
  provedAt: number | null;
  method: Method | null;
  /** What to sign; null once proved (or when the certificate can no longer be proved). */
  challenge: string | null;
  /** The portal's mTLS listener (https://host:port), null when it is off. */
  mtlsUrl: string | null;
  handshakePath: string;
}

function possessionView(context: ServiceContext, certificate: ClientCertificate): PossessionView {
  const proved = certificate.possessionProvedAt !== null;
  return {
    proved,
    provedAt: certificate.possessionProvedAt,
    method: certificate.possessionMethod,
    challenge: proved || !canProvePossession(certificate.status) ? null : certificate.possessionChallenge,
    mtlsUrl: context.mtlsUrl,
    handshakePath: `/possession/${certificate.id}`,
  };
}

/** One of the holder's certificates with its proof state; others' certificates do not exist for them. */
export async function certificateForHolder(
  context: ServiceContext,
  userId: string,
  id: string,
): Promise<Result<{ certificate: ClientCertificate; possession: PossessionView }, 'not_found'>> {
  let certificate = await findOne(context, id);
  if (!certificate || !actsOnOwn(userId, certificate.userId)) return failure('not_found', 'There is no such certificate.');
  if (certificate.possessionProvedAt === null && certificate.possessionChallenge === null && canProvePossession(certificate.status)) {
    // Uploaded before proofs existed: its challenge is made the first time its holder looks.
    await context.db
      .update(clientCertificates)
      .set({ possessionChallenge: newPossessionChallenge() })
      .where(and(eq(clientCertificates.id, id), isNull(clientCertificates.possessionChallenge)));
    certificate = (await findOne(context, id)) as ClientCertificate;
  }
  return { ok: true, certificate, possession: possessionView(context, certificate) };
}

export async function provePossessionBySignature(
  context: ServiceContext,
  userId: string,
  id: string,
  signature: string,
): Promise<Result<{ possession: PossessionView }, 'not_found' | 'conflict' | 'unreadable' | 'bad_signature'>> {
  const certificate = await findOne(context, id);
  if (!certificate || !actsOnOwn(userId, certificate.userId)) return failure('not_found', 'There is no such certificate.');
  if (certificate.possessionProvedAt !== null) return { ok: true, possession: possessionView(context, certificate) };
  if (!canProvePossession(certificate.status) || !certificate.possessionChallenge)
    return failure('conflict', `This certificate is ${certificate.status}: there is nothing to prove any more.`);
  const verdict = checkPossessionSignature(certificate.certificatePem, certificate.possessionChallenge, signature);
  if (!verdict.ok) return failure(verdict.code, verdict.message);
  return markProved(context, certificate, 'signature', userId);
}

/**
 * The holder presented the certificate in a TLS handshake (which checks that the client
 * signed with its private key) on the mTLS listener, and named the certificate to prove.
 */
export async function provePossessionByHandshake(
  context: ServiceContext,
  id: string,
  peerDer: Buffer | undefined,
): Promise<Result<{ possession: PossessionView; subject: string }, 'certificate_required' | 'not_found' | 'mismatch' | 'conflict'>> {
  if (!peerDer)
    return failure('certificate_required', "Present the certificate and its private key (curl --cert client.pem --key client.key), on the portal's mTLS port.");
  const certificate = await findOne(context, id);
  if (!certificate) return failure('not_found', 'There is no such certificate.');
  if (createHash('sha256').update(peerDer).digest('hex') !== certificate.sha256)
    return failure('mismatch', 'The certificate you presented is not the one uploaded under this id: use the certificate and key you uploaded.');
  if (certificate.possessionProvedAt !== null) return { ok: true, possession: possessionView(context, certificate), subject: certificate.subject };
  if (!canProvePossession(certificate.status)) return failure('conflict', `This certificate is ${certificate.status}: there is nothing to prove any more.`);
  const proved = await markProved(context, certificate, 'tls_handshake', null);
  return proved.ok ? { ...proved, subject: certificate.subject } : proved;
}

async function markProved(
  context: ServiceContext,
  certificate: ClientCertificate,
  method: Method,
  actorId: string | null,
): Promise<Result<{ possession: PossessionView }, 'conflict'>> {
  const now = context.now();
  const [updated] = await writeTransaction(context.db, async (tx) => {
    const rows = await tx
      .update(clientCertificates)
      .set({ possessionProvedAt: now, possessionMethod: method })
      .where(
        and(
          eq(clientCertificates.id, certificate.id),
          isNull(clientCertificates.possessionProvedAt),
          inArray(clientCertificates.status, [...POSSESSION_PROVABLE]),
        ),
      )
      .returning();
    if (rows[0])
      await appendAudit(
        tx,
        {
          actorId,
          action: 'certificate.possession_proved',
          targetType: 'client_certificate',
          targetId: certificate.id,
          apiSlug: certificate.apiSlug,
          reason: method === 'signature' ? 'signed the challenge' : 'TLS handshake on the mTLS listener',
        },
        now,
      );
    return rows;
  });
  if (!updated) return failure('conflict', 'This certificate changed meanwhile: reload the page.');
  return { ok: true, possession: possessionView(context, updated) };
}

/** For the owners: whether the fingerprint is held by other accounts, and whether the company matches the subject's O=. */
export async function identityFacts(context: ServiceContext, rows: Array<{ certificate: ClientCertificate; user: { company: string } }>) {
  const fingerprints = [...new Set(rows.map((row) => row.certificate.sha256))];
  const holders = new Map<string, number>();
  for (let start = 0; start < fingerprints.length; start += 500) {
    const slice = fingerprints.slice(start, start + 500);
    const counted = await context.db
      .select({ sha256: clientCertificates.sha256, accounts: countDistinct(clientCertificates.userId) })
      .from(clientCertificates)
      .where(inArray(clientCertificates.sha256, slice))
      .groupBy(clientCertificates.sha256);
    for (const entry of counted) holders.set(entry.sha256, entry.accounts);
  }
  return rows.map(({ certificate, user }) => {
    const organization = subjectOrganization(certificate.subject);
    const otherAccounts = Math.max(0, (holders.get(certificate.sha256) ?? 1) - 1);
    return {
      subjectOrganization: organization,
      companyMatchesSubject: companyMatchesSubject(user.company, organization),
      sharedWithOtherAccounts: otherAccounts > 0,
      otherAccounts,
      possessionProved: certificate.possessionProvedAt !== null,
    };
  });
}

async function findOne(context: ServiceContext, id: string): Promise<ClientCertificate | undefined> {
  const [certificate] = await context.db.select().from(clientCertificates).where(eq(clientCertificates.id, id)).limit(1);
  return certificate;
}
