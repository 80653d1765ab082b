/** An app as GET /api/apps answers it. */
export interface AppRow {
  id: string;
  name: string;
  description: string;
  businessContact: string;
  technicalContact: string;
  secrets: Array<{ id: string; hint: string; createdAt: number; expiresAt: number | null; revokedAt: number | null; live: boolean }>;
  apiAccess: Array<{ id: string; apiSlug: string; environment: string; authMethod: string; status: string; decisionReason: string | null }>;
}

/** One of the holder's approved certificates, the only kind an mTLS request may name. */
export interface ApprovedCertificate {
  id: string;
  apiSlug: string;
  subject: string;
}

export type Outcome = { ok: true; note: string } | { ok: false; failure: import('../../portal/api-client').ApiFailure };
