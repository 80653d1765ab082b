import { and, eq, inArray, isNotNull, like, lte, max, min, ne, or } from 'drizzle-orm';
import { auditEvents, certificateAuthorities, clientCertificates, users, type ClientCertificate } from '../db/schema.ts';
import { EXPIRING_SOON_DAYS } from '../rules/certificate-recheck.ts';
import { arrangeCases, type CaseFacts } from '../rules/certificate-cases.ts';
import { changeNotice } from '../rules/change-notice.ts';
import type { QueueFilter } from '../rules/owner-queues.ts';
import { decidableApis, type Actor } from '../rules/permissions.ts';
import type { ServiceContext } from './context.ts';

const DAY = 86_400_000;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);

type Row = Awaited<ReturnType<typeof loadRows>>[number];

/** A case row: the certificate, its holder, and what the case is about in words. */
type CaseRow = CaseFacts & {
  id: string;
  apiSlug: string;
  subject: string;
  status: ClientCertificate['status'];
  holder: { fullName: string; company: string };
  detail: string;
};

/**
 * The certificate cases of the APIs this reader decides for (`decidableApis`; another API's
 * certificates are never read): reported revocations, announced renewals and CA changes, and
 * approved certificates that end within EXPIRING_SOON_DAYS or that the daily re-check flagged.
 */
export async function certificateCases(context: ServiceContext, actor: Actor, filter: QueueFilter) {
  const slugs = decidableApis(
    actor,
    context.manifest.apis.map((api) => api.slug),
  ).filter((slug) => filter.apiSlug === undefined || slug === filter.apiSlug);
  if (slugs.length === 0) return [];
  const now = context.now();
  const rows = await loadRows(context, slugs, now);
  const expiring = rows.filter((row) => row.certificate.status === 'approved' && isExpiring(row, now));
  const [renewals, flags] = await Promise.all([renewalsOf(context, expiring), flaggedAtOf(context, expiring)]);
  const cases: CaseRow[] = [];
  for (const row of rows) {
    const { certificate } = row;
    const about = { id: certificate.id, apiSlug: certificate.apiSlug, subject: certificate.subject, status: certificate.status, holder: row.holder };
    if (certificate.caseDueAt !== null) {
      cases.push({
        ...about,
        kind: 'revocation',
        reportedAt: certificate.decidedAt ?? certificate.createdAt,
        handledAt: certificate.caseHandledAt,
        detail: 'Reported revoked by its holder: disabled, its API access suspended.',
      });
    }
    if (certificate.replacesId !== null && certificate.changeAt !== null) {
      const undecided = certificate.status === 'pending' || certificate.status === 'awaiting_ca';
      cases.push({
        ...about,
        kind: 'change',
        announcedAt: certificate.createdAt,
        changeAt: certificate.changeAt,
        decidedAt: undecided ? null : (certificate.decidedAt ?? certificate.createdAt),
        detail: changeWords(certificate.createdAt, certificate.changeAt, row.caName),
      });
    }
  }
  for (const row of expiring) {
    const { certificate } = row;
    const end = endOf(row);
    cases.push({
      id: certificate.id,
      apiSlug: certificate.apiSlug,
      subject: certificate.subject,
      status: certificate.status,
      holder: row.holder,
      kind: 'expiring',
      endsAt: end.at,
      flaggedAt: certificate.recheckFlag === null ? null : (flags.get(certificate.id) ?? certificate.recheckedAt),
      renewedAt: renewals.get(certificate.id) ?? null,
      detail: certificate.recheckDetail ?? `${end.what} on ${day(end.at)}: it stops working then.`,
    });
  }
  return arrangeCases(cases, filter, now);
}

/** Open or closed revocation cases, announced changes, and approved certificates near an end or flagged (the rest is sorted in JS). */
async function loadRows(context: ServiceContext, slugs: string[], now: number) {
  const horizon = now + EXPIRING_SOON_DAYS * DAY;
  return context.db
    .select({
      certificate: clientCertificates,
      holder: { fullName: users.fullName, company: users.company },
      caName: certificateAuthorities.name,
      caNotAfter: certificateAuthorities.notAfter,
    })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .leftJoin(certificateAuthorities, eq(certificateAuthorities.id, clientCertificates.anchorCaId))
    .where(
      and(
        inArray(clientCertificates.apiSlug, slugs),
        or(
          isNotNull(clientCertificates.caseDueAt),
          isNotNull(clientCertificates.changeAt),
          and(
            eq(clientCertificates.status, 'approved'),
            or(lte(clientCertificates.notAfter, horizon), lte(certificateAuthorities.notAfter, horizon), isNotNull(clientCertificates.recheckFlag)),
          ),
        ),
      ),
    );
}

/** Whichever ends first: the certificate or the CA it chains to (the re-check's detail names an intermediate's end). */
function endOf(row: Row): { at: number; what: string } {
  const { certificate, caNotAfter, caName } = row;
  if (caNotAfter !== null && caNotAfter < certificate.notAfter) return { at: caNotAfter, what: `Its certification authority "${caName}" expires` };
  return { at: certificate.notAfter, what: 'It expires' };
}

function isExpiring(row: Row, now: number): boolean {
  return row.certificate.recheckFlag !== null || endOf(row).at <= now + EXPIRING_SOON_DAYS * DAY;
}

function changeWords(announcedAt: number, changeAt: number, caName: string | null): string {
  const notice = changeNotice(announcedAt, changeAt);
  const late = notice.lateNotice ? `, announced only ${notice.noticeWorkingDays} working day(s) ahead (the guidelines ask for 5)` : '';
  return `Replaces an approved certificate on ${day(changeAt)}${caName ? ` (its CA: ${caName})` : ''}${late}.`;
}

/** The first replacement announced for each expiring certificate (a refused one does not count): the change case takes over. */
async function renewalsOf(context: ServiceContext, expiring: Row[]): Promise<Map<string, number>> {
  if (expiring.length === 0) return new Map();
  const rows = await context.db
    .select({ replacesId: clientCertificates.replacesId, at: min(clientCertificates.createdAt) })
    .from(clientCertificates)
    .where(
      and(
        inArray(
          clientCertificates.replacesId,
          expiring.map((row) => row.certificate.id),
        ),
        ne(clientCertificates.status, 'refused'),
      ),
    )
    .groupBy(clientCertificates.replacesId);
  return new Map(rows.flatMap((row) => (row.replacesId && row.at !== null ? [[row.replacesId, row.at] as const] : [])));
}

/** When the re-check raised the current flag: its latest audit event (recheckedAt moves every day). */
async function flaggedAtOf(context: ServiceContext, expiring: Row[]): Promise<Map<string, number>> {
  const flagged = expiring.filter((row) => row.certificate.recheckFlag !== null).map((row) => row.certificate.id);
  if (flagged.length === 0) return new Map();
  const rows = await context.db
    .select({ id: auditEvents.targetId, at: max(auditEvents.createdAt) })
    .from(auditEvents)
    .where(and(inArray(auditEvents.targetId, flagged), like(auditEvents.action, 'certificate.recheck_%')))
    .groupBy(auditEvents.targetId);
  return new Map(rows.flatMap((row) => (row.at !== null ? [[row.id, row.at] as const] : [])));
}
