import { writeTransaction } from '../db/client.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { apiAccess, apps, clientCertificates, digestRuns, docAccess, users } from '../db/schema.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { siteLink, type ServiceContext } from './context.ts';
import { runCertificateLifecycle } from './certificate-lifecycle.ts';
import { runDailyRecheck } from './certificate-recheck.ts';
import { ownersOf } from './actors.ts';
import { removeExpiredRegistrations } from './email-verification.ts';
import { ownerConsolePath, queueOf } from '../rules/owner-queues.ts';

const DAY = 86_400_000;

interface DigestItem {
  kind: string;
  apiTitle: string;
  who: string;
  ageDays: number;
  decideUrl: string;
  createdAt: number;
}

/** Everything waiting for each owner, by owner email. Later issues add API access and certificates here. */
async function pendingItemsByOwner(context: ServiceContext): Promise<Map<string, DigestItem[]>> {
  const privateSlugs = context.manifest.apis.filter((api) => api.visibility === 'private').map((api) => api.slug);
  const byOwner = new Map<string, DigestItem[]>();
  const pending =
    privateSlugs.length === 0
      ? []
      : await context.db
          .select({ access: docAccess, user: { fullName: users.fullName, company: users.company } })
          .from(docAccess)
          .innerJoin(users, eq(users.id, docAccess.userId))
          .where(and(eq(docAccess.status, 'pending'), inArray(docAccess.apiSlug, privateSlugs)))
          .orderBy(asc(docAccess.createdAt));
  const now = context.now();
  for (const { access, user } of pending) {
    const api = context.manifest.apis.find((candidate) => candidate.slug === access.apiSlug);
    if (!api) continue;
    const item: DigestItem = {
      kind: 'Documentation access',
      apiTitle: api.title,
      who: `${user.fullName} (${user.company})`,
      ageDays: Math.floor((now - access.createdAt) / DAY),
      decideUrl: siteLink(context, ownerConsolePath({ queue: queueOf({ kind: 'doc_access' }), apiSlug: api.slug, review: access.id })),
      createdAt: access.createdAt,
    };
    for (const owner of await ownersOf(context, api.slug)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
  }
  const pendingCalls = await context.db
    .select({ access: apiAccess, app: { name: apps.name }, user: { fullName: users.fullName, company: users.company } })
    .from(apiAccess)
    .innerJoin(apps, eq(apps.id, apiAccess.appId))
    .innerJoin(users, eq(users.id, apps.holderId))
    .where(eq(apiAccess.status, 'pending'))
    .orderBy(asc(apiAccess.createdAt));
  for (const { access, app, user } of pendingCalls) {
    const api = context.manifest.apis.find((candidate) => candidate.slug === access.apiSlug);
    if (!api) continue;
    const item: DigestItem = {
      kind: `API access (${access.environment}, ${access.authMethod === 'mtls' ? 'mTLS' : 'client id/secret'})`,
      apiTitle: api.title,
      who: `${app.name} — ${user.fullName} (${user.company})`,
      ageDays: Math.floor((now - access.createdAt) / DAY),
      decideUrl: siteLink(
        context,
        ownerConsolePath({ queue: queueOf({ kind: 'api_access', authMethod: access.authMethod }), apiSlug: api.slug, review: access.id }),
      ),
      createdAt: access.createdAt,
    };
    for (const owner of await ownersOf(context, api.slug)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
  }
  const pendingCertificates = await context.db
    .select({ certificate: clientCertificates, user: { fullName: users.fullName, company: users.company } })
    .from(clientCertificates)
    .innerJoin(users, eq(users.id, clientCertificates.userId))
    .where(eq(clientCertificates.status, 'pending'));
  for (const { certificate, user } of pendingCertificates) {
    const api = context.manifest.apis.find((candidate) => candidate.slug === certificate.apiSlug);
    if (!api) continue;
    const item: DigestItem = {
      kind: 'Client certificate',
      apiTitle: api.title,
      who: `${certificate.subject} — ${user.fullName} (${user.company})`,
      ageDays: Math.floor((now - certificate.createdAt) / DAY),
      decideUrl: siteLink(context, ownerConsolePath({ queue: queueOf({ kind: 'certificate' }), apiSlug: api.slug, review: certificate.id })),
      createdAt: certificate.createdAt,
    };
    for (const owner of await ownersOf(context, api.slug)) byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
  }
  for (const items of byOwner.values()) items.sort((a, b) => a.createdAt - b.createdAt);
  return byOwner;
}

/**
 * Sends today's digest to every owner with something waiting — once. The row in
 * digest_runs and the email are written in one transaction, and (recipient, day) is the
 * primary key: a second run, a restart or another instance finds the row and sends nothing.
 */
export async function runDigest(context: ServiceContext, day: string): Promise<{ sent: string[]; skipped: string[] }> {
  const sent: string[] = [];
  const skipped: string[] = [];
  for (const [recipient, items] of await pendingItemsByOwner(context)) {
    const claimed = await writeTransaction(context.db, async (tx) => {
      const inserted = await tx
        .insert(digestRuns)
        .values({ recipient, day, itemCount: items.length })
        .onConflictDoNothing()
        .returning({ recipient: digestRuns.recipient });
      if (inserted.length === 0) return false;
      await enqueueEmail(tx, recipient, 'owner-digest', { day, items: items.map(({ createdAt: _createdAt, ...item }) => item) }, context.now());
      return true;
    });
    (claimed ? sent : skipped).push(recipient);
  }
  return { sent, skipped };
}

/** The calendar day and hour at `now` in a time zone (digests go out at a local hour). */
export function localDayAndHour(now: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/**
 * Checks every minute: removes unconfirmed registrations whose link expired; from the configured
 * hour on, the certificate lifecycle, today's re-check of approved certificates (decision 031) and
 * today's digest (each a no-op once done today).
 */
export function startDigestScheduler(context: ServiceContext, options: { hour: number; timeZone: string; intervalMs?: number }): { stop(): void } {
  const tick = async () => {
    await removeExpiredRegistrations(context);
    const { day, hour } = localDayAndHour(context.now(), options.timeZone);
    if (hour >= options.hour) {
      await runCertificateLifecycle(context, day);
      await runDailyRecheck(context, day);
      await runDigest(context, day);
    }
  };
  const timer = setInterval(() => {
    tick().catch((error: Error) => process.stderr.write(`[portico] digest round failed: ${error.message}\n`));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
