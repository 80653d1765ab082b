/**
 * The certificates page's types are the server's own (the zod schemas of GET /api/certificates,
 * GET /api/certificates/{id} and the upload's checks), never a hand-written copy: a change of the
 * answer fails the type check here.
 */
import type { z } from '@hono/zod-openapi';
import type {
  CaRequestForHolder,
  Check as CheckSchema,
  HeldCertificate as HeldCertificateSchema,
  Possession as PossessionSchema,
} from '../../../server/routes/certificate-projections.ts';

export type HeldCertificate = z.infer<typeof HeldCertificateSchema>;
export type CertificateChange = NonNullable<HeldCertificate['change']>;
export type HolderCaRequest = z.infer<typeof CaRequestForHolder>;
export type Possession = z.infer<typeof PossessionSchema>;
export type Check = z.infer<typeof CheckSchema>;
