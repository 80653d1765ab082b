/**
 * The apps page's types are the server's own (the zod schemas of GET /api/apps and GET
 * /api/certificates), never a hand-written copy: a change of the answer fails the type check here.
 */
import type { ConsumerApp } from '../../../server/routes/apps.ts';
import type { HeldCertificate } from '../certificates/types';
import type { ApiFailure } from '../../portal/api-client';

/** An app as GET /api/apps answers it. */
export type AppRow = ConsumerApp;

/** One of the holder's approved certificates, the only kind an mTLS request may name. */
export type ApprovedCertificate = Pick<HeldCertificate, 'id' | 'apiSlug' | 'subject'>;

export type Outcome = { ok: true; note: string } | { ok: false; failure: ApiFailure };
