import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, errorJson, throwIfFailed } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { requireCan } from '../http/guards.ts';
import { CCADB_WARNINGS } from '../rules/ccadb-comparison.ts';
import { CCADB_MAX_BYTES, ccadbStanding, importCcadbReport } from '../services/ccadb-import.ts';
import { ErrorResponse, errorResponses, jsonResponse, plainText } from './schemas.ts';

/**
 * The CCADB Included CA Certificate Report, uploaded by the platform team as the CSV it is
 * (text/csv, up to 4 MB: api.ts leaves this path to the limit below), and the registry compared
 * with the latest import (issue 17 item 4). No network call: the portal never fetches the report.
 */

/** What the registry page reads: per CA what the report says, the warnings, who imported it and when. Closed, like every projection. */
const CcadbForPlatformTeam = z
  .object({
    report: z
      .object({
        id: z.string(),
        via: z.enum(['upload', 'command']),
        fileName: z.string().nullable(),
        entryCount: z.number().int().openapi({ description: 'Certificates the report lists' }),
        importedAt: z.number(),
        importedBy: z.string().nullable().openapi({ description: 'The full name of who imported it; null from the command line without --by' }),
      })
      .strict()
      .nullable()
      .openapi({ description: 'The latest import; null before any' }),
    cas: z.array(
      z
        .object({
          caId: z.string(),
          name: z.string(),
          inReport: z
            .boolean()
            .nullable()
            .openapi({ description: 'Its SHA-256 is in the report; null: not compared (no certificate yet, or an intermediate CA)' }),
          inReportWords: z.string(),
          trustBits: z.array(z.string()).openapi({ description: 'As the report lists them: Websites (TLS), Email (S/MIME)' }),
          trustWords: z.string(),
          evPolicyOids: z.array(z.string()),
          evWords: z.string(),
          tlsDistrustAfter: z.string().nullable().openapi({ description: 'YYYY-MM-DD: Mozilla distrusts TLS certificates it issues after this day' }),
        })
        .strict(),
    ),
    warnings: z.array(z.object({ caId: z.string(), name: z.string(), kind: z.enum(CCADB_WARNINGS), words: z.string() }).strict()),
  })
  .strict()
  .openapi('CcadbForPlatformTeam');

/** The registry page's type for both answers (src/features/ca-registry/types.ts). */
export type CcadbStanding = z.infer<typeof CcadbForPlatformTeam>;

const routes = {
  standing: createRoute({
    method: 'get',
    path: '/registry/ccadb',
    tags: ['CA registry'],
    summary: 'The registry compared with the latest CCADB Included CA Certificate Report (platform team)',
    responses: { 200: jsonResponse(CcadbForPlatformTeam, 'The comparison'), ...errorResponses },
  }),
  import: createRoute({
    method: 'post',
    path: '/registry/ccadb',
    tags: ['CA registry'],
    summary: 'Import the CCADB Included CA Certificate Report (platform team; audited): the CSV as the body, up to 4 MB',
    middleware: [
      bodyLimit({
        maxSize: CCADB_MAX_BYTES,
        onError: (c) => errorJson(c, 'too_large', `The report is larger than ${CCADB_MAX_BYTES / 1024 / 1024} MB: nothing was imported.`),
      }),
    ] as const,
    request: {
      query: z.object({ file: plainText('file', 200).optional().openapi({ description: "The file's name, kept with the import" }) }).strict(),
      body: {
        content: { 'text/csv': { schema: z.string().openapi({ description: 'IncludedCACertificateReport.csv as downloaded' }) } },
        required: true,
      },
    },
    responses: {
      201: jsonResponse(CcadbForPlatformTeam, 'Imported: the registry compared with it'),
      413: jsonResponse(ErrorResponse, 'Larger than 4 MB; nothing imported'),
      415: jsonResponse(ErrorResponse, 'Not sent as text/csv'),
      ...errorResponses,
    },
  }),
};

const EMPTY = { report: null, cas: [], warnings: [] };

export function mountCcadb(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.standing, async (c) => {
    await requireCan(c, { kind: 'manage_ca_registry' });
    return c.json((await ccadbStanding(c.get('services'))) ?? EMPTY, 200);
  });
  app.openapi(routes.import, async (c) => {
    const { auth } = await requireCan(c, { kind: 'manage_ca_registry' });
    if (!/^text\/csv(;|$)/i.test(c.req.header('content-type') ?? ''))
      throw new ApiError('unsupported_media_type', 'Send the report as it is downloaded, with Content-Type: text/csv.');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(await c.req.arrayBuffer());
    const result = await importCcadbReport(c.get('services'), { text, actorId: auth.user.id, via: 'upload', fileName: c.req.valid('query').file ?? null });
    throwIfFailed(result);
    return c.json((await ccadbStanding(c.get('services'))) ?? EMPTY, 201);
  });
}
