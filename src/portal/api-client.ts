/** The browser side of /api: JSON in, JSON out, errors as values with the server's sentence. */
import type { z } from '@hono/zod-openapi';
import type { MeResponse } from '../../server/routes/schemas.ts';

export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
}

type ApiResult<T> = ({ ok: true; status: number } & T) | ApiFailure;

/** `json` is sent as JSON; `text` as it is, with its media type (the CCADB report is text/csv). */
export async function api<T extends object = Record<string, never>>(
  path: string,
  init: { method?: string; json?: unknown; text?: { body: string; type: string } } = {},
): Promise<ApiResult<T>> {
  const method = init.method ?? (init.json === undefined && init.text === undefined ? 'GET' : 'POST');
  const sent = init.text ?? (init.json === undefined ? undefined : { body: JSON.stringify(init.json), type: 'application/json' });
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: sent ? { 'Content-Type': sent.type } : {},
      body: sent?.body,
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: 'The portal cannot be reached. Check your connection and try again.' };
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: ApiFailure['details'] } } & T;
  if (!response.ok) {
    return {
      ok: false,
      status: response.status,
      code: body.error?.code ?? 'error',
      message: body.error?.message ?? `The portal answered ${response.status}.`,
      details: body.error?.details,
    };
  }
  return { ok: true, status: response.status, ...body };
}

/**
 * Who is signed in, as GET /api/me answers it: the server's own type (its zod schema), never a
 * hand-written copy. `permissions` are the policy's answers (server/rules/permissions.ts): pages
 * ask these, never the role.
 */
export type Me = NonNullable<z.infer<typeof MeResponse>['user']>;
