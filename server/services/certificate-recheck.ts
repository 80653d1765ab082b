import { and, eq, gte, inArray } from 'drizzle-orm';
import { parseCertificates, x509 } from '../certificates/parse-certificates.ts';
import { writeTransaction, type Transaction } from '../db/client.ts';
import {
  certificateAuthorities,
  certificateNotices,
  clientCertificates,
  digestRuns,
  users,
  type CertificateAuthority,
  type ClientCertificate,
} from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { recheckEffect, recheckVerdict, type RecheckCa, type RecheckEffect, type RecheckVerdict } from '../rules/certificate-recheck.ts';
import { certificateTransition } from '../rules/certificate-states.ts';
import { checkClientCertificate, type TrustAnchor } from '../rules/client-certificate.ts';
import { ownersOf } from './actors.ts';
import { suspendApiAccessWithCertificate } from './api-access-suspension.ts';
import { appendAudit } from './audit.ts';
import { findApi } from './catalog.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { ownerConsolePath } from '../rules/owner-queues.ts';

/**
 * The daily re-check (decision 031): every approved certificate against today's registry
 * (accepted CAs, their dates, their retirement), today's rules and today's date. The decision is
 * rules/certificate-recheck.ts; here the facts are gathered and its effect applied, one
 * transaction per certificate: the status change through its lifecycle table, its API access
 * suspended with it, the flag the consoles show, and the emails — once, keyed in certificate_notices.
 */

interface Registry {
  anchors: TrustAnchor[];
  bySha256: Map<string, CertificateAuthority>;
}

interface RecheckSummary {
  checked: number;
  flagged: number;
  stopped: number;
  notified: number;
}

type Holder = { email: string; company: string };

async function loadRegistry(context: ServiceContext): Promise<Registry> {
  // Retired CAs stay anchors here so that a certificate under one is found, and named, rather than "not accepted".
  const rows = (await context.db.select().from(certificateAuthorities)).filter((row) => row.certificatePem && row.sha256);
  return {
    anchors: rows.map((row) => ({ name: row.name, certificate: new x509.X509Certificate(row.certificatePem as string) })),
    bySha256: new Map(rows.map((row) => [row.sha256 as string, row])),
  };
}

/** Today's checks and the CAs of today's path: the intermediates it carries (the latest copy of each on the path), then the registry's CA. */
async function factsOf(certificate: ClientCertificate, registry: Registry, now: number): Promise<RecheckVerdict | undefined> {
  const parsed = parseCertificates(certificate.certificatePem + certificate.chainPem);
  const [leaf, ...chain] = parsed.ok ? parsed.certificates : [];
  // It was read at upload: a certificate the parser refuses today is a rule that changed.
  if (!leaf) return { kind: 'rule_failed', rules: ['certificate'], reasons: [parsed.ok ? 'The stored certificate is empty.' : parsed.message] };
  const report = await checkClientCertificate(leaf, chain, registry.anchors, new Date(now));
  const anchor = report.anchor ? registry.bySha256.get(report.anchor.sha256) : undefined;
  const between = new Set(report.chain.slice(1, anchor ? -1 : undefined));
  const intermediates = new Map<string, RecheckCa>();
  for (const item of chain.filter((candidate) => between.has(candidate.subject))) {
    const known = intermediates.get(item.subject);
    if (!known || known.notAfter < item.notAfter.getTime())
      intermediates.set(item.subject, { name: item.subject, notAfter: item.notAfter.getTime(), retiredAt: null });
  }
  const cas: RecheckCa[] = [...intermediates.values()];
  if (anchor) cas.push({ name: anchor.name, notAfter: anchor.notAfter ?? Number.POSITIVE_INFINITY, retiredAt: anchor.retiredAt });
  return recheckVerdict({ certificate: { notAfter: certificate.notAfter }, cas, checks: report.checks, now });
}

/**
 * Re-checks every approved certificate still within its dates (its own expiry is the
 * lifecycle's: services/certificate-lifecycle.ts), or only those that chain to `anchorCaId` (a CA
 * just retired: its dependants are stopped and told at once). Safe to repeat: transitions are
 * guarded and each finding is told once.
 */
export async function recheckApprovedCertificates(context: ServiceContext, only?: { anchorCaId: string }): Promise<RecheckSummary> {
  const now = context.now();
  const registry = await loadRegistry(context);
  const rows = await context.db
    .select({ certificate: clientCertificates, user: { email: users.email, company: users.company } })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(
      and(
        eq(clientCertificates.status, 'approved'),
        gte(clientCertificates.notAfter, now),
        only ? eq(clientCertificates.anchorCaId, only.anchorCaId) : undefined,
      ),
    );
  const summary: RecheckSummary = { checked: rows.length, flagged: 0, stopped: 0, notified: 0 };
  for (const { certificate, user } of rows) {
    const verdict = await factsOf(certificate, registry, now);
    if (!verdict) continue;
    const effect = recheckEffect(verdict);
    const outcome = await applyEffect(context, certificate, user, effect);
    if (outcome.stopped) summary.stopped++;
    else if (effect.flag) summary.flagged++;
    if (outcome.notified) summary.notified++;
  }
  return summary;
}

/** The scheduler's once-a-day run, claimed like the digest (a second tick, restart or instance the same day does nothing). */
export async function runDailyRecheck(context: ServiceContext, day: string): Promise<RecheckSummary | undefined> {
  const key = 'certificate-recheck';
  const [done] = await context.db
    .select({ day: digestRuns.day })
    .from(digestRuns)
    .where(and(eq(digestRuns.recipient, key), eq(digestRuns.day, day)))
    .limit(1);
  if (done) return undefined;
  const summary = await recheckApprovedCertificates(context);
  // Claimed after the run: one cut short is run again at the next tick (it is safe to repeat).
  await writeTransaction(context.db, (tx) => tx.insert(digestRuns).values({ recipient: key, day, itemCount: summary.checked }).onConflictDoNothing());
  return summary;
}

async function applyEffect(
  context: ServiceContext,
  certificate: ClientCertificate,
  holder: Holder,
  effect: RecheckEffect,
): Promise<{ stopped: boolean; notified: boolean }> {
  const now = context.now();
  const owners = effect.notice ? await ownersOf(context, certificate.apiSlug) : [];
  return writeTransaction(context.db, async (tx) => {
    const flagged = { recheckFlag: effect.flag, recheckDetail: effect.detail, recheckedAt: now };
    let suspended = 0;
    if (effect.decision) {
      const transition = certificateTransition(effect.decision);
      const [changed] = await tx
        .update(clientCertificates)
        .set({ ...flagged, status: transition.to, decisionReason: effect.detail, decidedAt: now })
        .where(and(eq(clientCertificates.id, certificate.id), inArray(clientCertificates.status, transition.from)))
        .returning({ id: clientCertificates.id });
      if (!changed) return { stopped: false, notified: false };
      suspended = (await suspendApiAccessWithCertificate(tx, certificate.id, effect.detail ?? '', now)).suspended;
    } else {
      await tx
        .update(clientCertificates)
        .set(flagged)
        .where(and(eq(clientCertificates.id, certificate.id), eq(clientCertificates.status, 'approved')));
    }
    if (effect.decision || effect.flag !== certificate.recheckFlag)
      await appendAudit(
        tx,
        {
          actorId: null,
          action: effect.decision ? `certificate.${effect.decision}` : `certificate.recheck_${effect.flag ?? 'cleared'}`,
          targetType: 'client_certificate',
          targetId: certificate.id,
          apiSlug: certificate.apiSlug,
          reason: effect.detail ?? undefined,
        },
        now,
      );
    const notified = await tellOnce(context, tx, { certificate, holder, effect, owners, suspended });
    return { stopped: effect.decision !== null, notified };
  });
}

/** Emails the holder and the API's owners (and its support contact) — unless this finding was told before. */
async function tellOnce(
  context: ServiceContext,
  tx: Transaction,
  told: { certificate: ClientCertificate; holder: Holder; effect: RecheckEffect; owners: string[]; suspended: number },
): Promise<boolean> {
  const { certificate, holder, effect, owners, suspended } = told;
  if (!effect.notice || !effect.flag) return false;
  const claimed = await tx
    .insert(certificateNotices)
    .values({ certificateId: certificate.id, notice: effect.notice })
    .onConflictDoNothing()
    .returning({ notice: certificateNotices.notice });
  if (claimed.length === 0) return false;
  const now = context.now();
  const api = findApi(context, certificate.apiSlug);
  const about = {
    flag: effect.flag,
    subject: certificate.subject,
    apiTitle: api?.title ?? certificate.apiSlug,
    company: holder.company,
    detail: effect.detail ?? '',
    suspended,
  };
  if (effect.tell.holder)
    await enqueueEmail(tx, holder.email, 'certificate-recheck', { ...about, audience: 'holder', url: siteLink(context, '/certificates') }, now);
  if (effect.tell.owners) {
    const recipients = new Set([...(api?.contacts.support ? [api.contacts.support] : []), ...owners]);
    for (const recipient of recipients)
      await enqueueEmail(
        tx,
        recipient,
        'certificate-recheck',
        { ...about, audience: 'owners', url: siteLink(context, ownerConsolePath({ queue: 'certificate_cases', apiSlug: certificate.apiSlug })) },
        now,
      );
  }
  return true;
}
