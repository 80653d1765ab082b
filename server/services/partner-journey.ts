import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { AuthMethod, EnvironmentName } from '../../plugins/portico/contract.ts';
import { writeTransaction } from '../db/client.ts';
import { apiAccess, apps, clientCertificates, docAccess, noticesSeen, type User } from '../db/schema.ts';
import { partnerJourney, type Journey, type JourneyFacts } from '../rules/partner-journey.ts';
import { decisionsFor, noticesOf, type DecidedRecord, type Decision, type Notices } from '../rules/partner-notices.ts';
import { can } from '../rules/permissions.ts';
import { loadActor } from './actors.ts';
import type { ServiceContext } from './context.ts';

/** How many decisions the portal lists: the most recent ones (the count of unseen ones covers them all). */
const RECENT_DECISIONS = 20;

interface ApiJourney extends Journey {
  slug: string;
  title: string;
  visibility: 'public' | 'private';
  overviewPath: string;
  docsPath: string;
}

interface DecisionView extends Decision {
  apiTitle: string;
  /** An API access's environment, method and app. */
  environment: EnvironmentName | null;
  authMethod: AuthMethod | null;
  appName: string | null;
}

interface PartnerPortal {
  emailVerified: boolean;
  appCount: number;
  apis: ApiJourney[];
  decisions: DecisionView[];
  notices: Notices & { seenAt: number | null };
}

/** The partner's own records, and nobody else's: every query is keyed by the partner's id. */
async function recordsOf(context: ServiceContext, userId: string) {
  const [requests, ownApps, certificates, seen] = await Promise.all([
    context.db.select().from(docAccess).where(eq(docAccess.userId, userId)).orderBy(desc(docAccess.createdAt)),
    context.db
      .select({ id: apps.id, name: apps.name })
      .from(apps)
      .where(and(eq(apps.holderId, userId), isNull(apps.deletedAt))),
    context.db.select().from(clientCertificates).where(eq(clientCertificates.userId, userId)),
    context.db.select({ seenAt: noticesSeen.seenAt }).from(noticesSeen).where(eq(noticesSeen.userId, userId)),
  ]);
  const appIds = ownApps.map((app) => app.id);
  const accesses = appIds.length ? await context.db.select().from(apiAccess).where(inArray(apiAccess.appId, appIds)) : [];
  return { requests, ownApps, certificates, accesses, seenAt: seen[0]?.seenAt ?? null };
}

type Records = Awaited<ReturnType<typeof recordsOf>>;

/** The APIs the partner works with: those they asked about, hold access to or uploaded a certificate for. */
function apisWorkedWith(context: ServiceContext, records: Records) {
  const slugs = new Set([...records.requests, ...records.accesses, ...records.certificates].map((row) => row.apiSlug));
  return context.manifest.apis.filter((api) => slugs.has(api.slug)).sort((a, b) => a.title.localeCompare(b.title));
}

function decidedRecords(records: Records): DecidedRecord[] {
  const decided = (subject: DecidedRecord['subject']) => (row: Omit<DecidedRecord, 'subject'>) => ({
    subject,
    id: row.id,
    apiSlug: row.apiSlug,
    status: row.status,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
    decisionReason: row.decisionReason,
  });
  return [
    ...records.requests.map(decided('documentation')),
    ...records.accesses.map(decided('api_access')),
    ...records.certificates.map(decided('certificate')),
  ];
}

/** Where the partner stands with each API they work with, what they decided lately, and the navbar's count. */
export async function partnerPortalOf(context: ServiceContext, user: User): Promise<PartnerPortal> {
  const [actor, records] = await Promise.all([loadActor(context, user), recordsOf(context, user.id)]);
  const apis = apisWorkedWith(context, records).map((api) => {
    const facts: JourneyFacts = {
      api,
      emailVerified: actor.emailVerified,
      readsDocs: api.visibility === 'private' && can(actor, { kind: 'read_private_docs', api: api.slug }).allowed,
      docRequest: records.requests.find((row) => row.apiSlug === api.slug),
      appCount: records.ownApps.length,
      accesses: records.accesses.filter((row) => row.apiSlug === api.slug),
      certificates: records.certificates
        .filter((row) => row.apiSlug === api.slug)
        .map((row) => ({ ...row, possessionProved: row.possessionProvedAt !== null })),
    };
    return { slug: api.slug, title: api.title, visibility: api.visibility, overviewPath: api.overviewPath, docsPath: api.docsPath, ...partnerJourney(facts) };
  });
  const { seenAt } = records;
  const decisions = decisionsFor(user.id, decidedRecords(records), seenAt);
  const appName = new Map(records.ownApps.map((app) => [app.id, app.name]));
  const accessById = new Map(records.accesses.map((row) => [row.id, row]));
  const titleOf = new Map(context.manifest.apis.map((api) => [api.slug, api.title]));
  return {
    emailVerified: actor.emailVerified,
    appCount: records.ownApps.length,
    apis,
    decisions: decisions.slice(0, RECENT_DECISIONS).map((decision) => {
      const access = accessById.get(decision.id);
      return {
        ...decision,
        apiTitle: titleOf.get(decision.apiSlug) ?? decision.apiSlug,
        environment: access?.environment ?? null,
        authMethod: access?.authMethod ?? null,
        appName: access ? (appName.get(access.appId) ?? null) : null,
      };
    }),
    notices: { ...noticesOf(decisions, apis, actor.emailVerified), seenAt },
  };
}

/** The partner looked at their portal: decisions up to now are no longer new. Never moves back. */
export async function markNoticesSeen(context: ServiceContext, user: User): Promise<{ seenAt: number }> {
  const now = context.now();
  await writeTransaction(context.db, async (tx) => {
    await tx
      .insert(noticesSeen)
      .values({ userId: user.id, seenAt: now })
      .onConflictDoUpdate({ target: noticesSeen.userId, set: { seenAt: now }, setWhere: lt(noticesSeen.seenAt, now) });
  });
  return { seenAt: now };
}
