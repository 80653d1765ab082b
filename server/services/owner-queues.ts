import type { Actor } from '../rules/permissions.ts';
import { arrangeQueues, type QueueFacts, type QueueFilter } from '../rules/owner-queues.ts';
import { listApiAccessFor } from './api-access.ts';
import { listCertificatesFor } from './client-certificates.ts';
import type { ServiceContext } from './context.ts';
import { listRequestsFor } from './doc-access.ts';

/** One line of a queue: what is asked, by whom, for which API (the review panel has the rest). */
interface QueueRow extends QueueFacts {
  id: string;
  requester: { fullName: string; company: string };
  /** What the line is about, in one phrase: the app's name, the certificate's subject; null for documentation access (the API says it). */
  about: string | null;
  environment: 'sandbox' | 'production' | null;
}

/**
 * The owner console's queues for this reader: only the APIs they decide for (each list function
 * asks `decidableApis`), the one filter applied to every queue by the rule.
 */
export async function ownerQueues(context: ServiceContext, actor: Actor, filter: QueueFilter) {
  const scope = { apiSlug: filter.apiSlug };
  const [docs, accesses, certificates] = await Promise.all([
    listRequestsFor(context, actor, scope),
    listApiAccessFor(context, actor, scope),
    listCertificatesFor(context, actor),
  ]);
  const rows: QueueRow[] = [
    ...docs.map(({ access, user }) => ({
      kind: 'doc_access' as const,
      id: access.id,
      apiSlug: access.apiSlug,
      status: access.status,
      createdAt: access.createdAt,
      requester: { fullName: user.fullName, company: user.company },
      about: null,
      environment: null,
    })),
    ...accesses.map(({ access, app, user }) => ({
      kind: 'api_access' as const,
      id: access.id,
      apiSlug: access.apiSlug,
      status: access.status,
      createdAt: access.createdAt,
      authMethod: access.authMethod,
      requester: { fullName: user.fullName, company: user.company },
      about: app.name,
      environment: access.environment,
    })),
    ...certificates.map(({ certificate, user }) => ({
      kind: 'certificate' as const,
      id: certificate.id,
      apiSlug: certificate.apiSlug,
      status: certificate.status,
      createdAt: certificate.createdAt,
      requester: { fullName: user.fullName, company: user.company },
      about: certificate.subject,
      environment: null,
    })),
  ];
  return arrangeQueues(rows, filter, context.now());
}
