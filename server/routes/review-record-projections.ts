import { z } from '@hono/zod-openapi';
import type { Checklist } from '../rules/review-checklist.ts';

/**
 * What owners recorded on a review checklist, as the owner API (owner-api-access.ts) and the
 * review panel (owner-review-projections.ts) both show it: one shape, one mapping, so a field
 * added to the stored review reaches neither until it is named here.
 */
export const EntitlementRecord = z
  .object({
    businessInformation: z.boolean(),
    technicalInformation: z.boolean(),
    kyc: z.boolean(),
    contractAndTerms: z.boolean(),
    notes: z.string().nullable(),
  })
  .strict();

export const CallBackRecord = z
  .object({ phoneFromContract: z.string(), calledBy: z.string(), calledAt: z.string(), subjectConfirmed: z.boolean(), issuerConfirmed: z.boolean() })
  .strict();

export function entitlementRecord(entitlement: NonNullable<Checklist['entitlement']>): z.infer<typeof EntitlementRecord> {
  const { businessInformation, technicalInformation, kyc, contractAndTerms, notes } = entitlement;
  return { businessInformation, technicalInformation, kyc, contractAndTerms, notes: notes ?? null };
}

export function callBackRecord(callBack: NonNullable<Checklist['callBack']>): z.infer<typeof CallBackRecord> {
  const { phoneFromContract, calledBy, calledAt, subjectConfirmed, issuerConfirmed } = callBack;
  return { phoneFromContract, calledBy, calledAt, subjectConfirmed, issuerConfirmed };
}
