import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { ACCEPTED_CA_NAMES, bundledAcceptedAnchors } from '../certificates/accepted-cas.ts';
import { parseCertificates, x509 } from '../certificates/parse-certificates.ts';
import { writeTransaction } from '../db/client.ts';
import { apiAccess, certificateAuthorities, clientCertificates, users, type CertificateAuthority } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { caState, type CaStateAnswer } from '../rules/ca-state.ts';
import { sha256Of, type TrustAnchor } from '../rules/client-certificate.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import type { ServiceContext } from './context.ts';
import { failure, type Result } from './result.ts';
import { recheckApprovedCertificates } from './certificate-recheck.ts';

const SOON = 90 * 86_400_000;

/** The seed's eight authorities, once: three with their certificate from Node's store, five awaiting theirs. */
export async function seedAcceptedCas(context: ServiceContext): Promise<void> {
  const existing = new Set((await context.db.select({ name: certificateAuthorities.name }).from(certificateAuthorities)).map((row) => row.name));
  const bundled = new Map(bundledAcceptedAnchors().map((anchor) => [anchor.name, anchor.certificate]));
  for (const entry of ACCEPTED_CA_NAMES) {
    if (existing.has(entry.name)) continue;
    const certificate = bundled.get(entry.name);
    await context.db
      .insert(certificateAuthorities)
      .values({
        id: newId('ca'),
        name: entry.name,
        ev: true,
        source: certificate ? 'mozilla' : 'awaiting',
        certificatePem: certificate ? certificate.toString('pem') : null,
        sha256: certificate ? await sha256Of(certificate) : null,
        notBefore: certificate?.notBefore.getTime() ?? null,
        notAfter: certificate?.notAfter.getTime() ?? null,
        addedBy: 'seed',
      })
      .onConflictDoNothing();
  }
}

/** The registry's CAs that have a certificate and are not retired: the trust anchors of every check. */
export async function registryAnchors(context: ServiceContext): Promise<Array<TrustAnchor & { id: string }>> {
  const rows = await context.db
    .select()
    .from(certificateAuthorities)
    .where(and(isNotNull(certificateAuthorities.certificatePem), isNull(certificateAuthorities.retiredAt)));
  return rows.map((row) => ({ id: row.id, name: row.name, certificate: new x509.X509Certificate(row.certificatePem ?? '') }));
}

/**
 * The registry as the platform team sees it: each CA's state from today's date (rules/ca-state.ts)
 * and what depends on it — the approved certificates that chain to it, their API, their holder and
 * how many approved mTLS accesses each opens — the preview shown before a CA is retired.
 */
export async function listRegistry(context: ServiceContext) {
  const cas = await context.db.select().from(certificateAuthorities);
  const approved = await context.db
    .select({
      anchorCaId: clientCertificates.anchorCaId,
      subject: clientCertificates.subject,
      id: clientCertificates.id,
      apiSlug: clientCertificates.apiSlug,
      holder: { fullName: users.fullName, company: users.company },
    })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(eq(clientCertificates.status, 'approved'));
  const opened = await context.db
    .select({ certificateId: apiAccess.certificateId, accesses: count() })
    .from(apiAccess)
    .where(and(eq(apiAccess.status, 'approved'), isNotNull(apiAccess.certificateId)))
    .groupBy(apiAccess.certificateId);
  const accessesOf = new Map(opened.map((row) => [row.certificateId, row.accesses]));
  const now = context.now();
  return cas
    .map(({ certificatePem, ...ca }) => ({
      ...ca,
      expiresSoon: ca.notAfter !== null && ca.notAfter - now < SOON,
      ...stateOf(caState({ hasCertificate: certificatePem !== null, notBefore: ca.notBefore, notAfter: ca.notAfter, retiredAt: ca.retiredAt }, now)),
      dependents: approved
        .filter((row) => row.anchorCaId === ca.id)
        .map(({ id, subject, apiSlug, holder }) => ({
          id,
          subject,
          apiSlug,
          apiTitle: findApi(context, apiSlug)?.title ?? apiSlug,
          holder,
          accesses: accessesOf.get(id) ?? 0,
        })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function stateOf(answer: CaStateAnswer) {
  return { state: answer.state, stateWords: answer.words, acceptsNew: answer.acceptsNew };
}

/** The platform team supplies a CA's certificate (an awaiting entry) or adds a new CA. */
export async function setCaCertificate(
  context: ServiceContext,
  actorId: string,
  input: { name: string; pem: string; ev: boolean },
): Promise<Result<{ ca: CertificateAuthority }, 'unreadable' | 'not_a_ca' | 'not_ev'>> {
  if (!input.ev) return failure('not_ev', 'Only audited EV certification authorities can be accepted: confirm it is EV.');
  const parsed = parseCertificates(input.pem);
  if (!parsed.ok || parsed.certificates.length !== 1) return failure('unreadable', parsed.ok ? 'Upload exactly one CA certificate.' : parsed.message);
  const certificate = parsed.certificates[0] as x509.X509Certificate;
  if (!certificate.getExtension(x509.BasicConstraintsExtension)?.ca)
    return failure('not_a_ca', 'This is not a certification authority certificate (CA:TRUE missing).');
  const values = {
    certificatePem: certificate.toString('pem'),
    sha256: await sha256Of(certificate),
    notBefore: certificate.notBefore.getTime(),
    notAfter: certificate.notAfter.getTime(),
    source: 'upload' as const,
    ev: true,
    addedBy: actorId,
    // Supplying a CA's certificate accepts it, a retired one again.
    retiredAt: null,
    retiredReason: null,
  };
  return writeTransaction(context.db, async (tx) => {
    const [existing] = await tx.select().from(certificateAuthorities).where(eq(certificateAuthorities.name, input.name)).limit(1);
    const [ca] = existing
      ? await tx.update(certificateAuthorities).set(values).where(eq(certificateAuthorities.id, existing.id)).returning()
      : await tx
          .insert(certificateAuthorities)
          .values({ id: newId('ca'), name: input.name, ...values })
          .returning();
    await appendAudit(
      tx,
      { actorId, action: existing ? 'ca.certificate_set' : 'ca.added', targetType: 'certificate_authority', targetId: ca?.id ?? input.name },
      context.now(),
    );
    return { ok: true as const, ca: ca as CertificateAuthority };
  });
}

/**
 * The platform team withdraws a CA (compromised, no longer EV, replaced): no new certificate is
 * accepted under it, and the next daily re-check stops the approved ones that chain to it
 * (services/certificate-recheck.ts), their holders and owners told.
 */
export async function retireCa(
  context: ServiceContext,
  actorId: string,
  input: { name: string; reason: string },
): Promise<Result<{ ca: CertificateAuthority }, 'not_found' | 'conflict'>> {
  const now = context.now();
  const retired = await writeTransaction(context.db, async (tx) => {
    const [existing] = await tx.select().from(certificateAuthorities).where(eq(certificateAuthorities.name, input.name)).limit(1);
    if (!existing) return failure('not_found', `There is no certification authority named "${input.name}" in the registry.`);
    const [ca] = await tx
      .update(certificateAuthorities)
      .set({ retiredAt: now, retiredReason: input.reason })
      .where(and(eq(certificateAuthorities.id, existing.id), isNull(certificateAuthorities.retiredAt)))
      .returning();
    if (!ca) return failure('conflict', `"${input.name}" is already retired.`);
    await appendAudit(tx, { actorId, action: 'ca.retired', targetType: 'certificate_authority', targetId: ca.id, reason: input.reason }, now);
    return { ok: true as const, ca };
  });
  // Its dependants stop and their holders and owners are told now, not at the next daily re-check.
  if (retired.ok) await recheckApprovedCertificates(context, { anchorCaId: retired.ca.id });
  return retired;
}
