import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { outbox } from '../db/schema.ts';
import { renderTemplate } from '../email/templates/index.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonResponse } from './schemas.ts';

const Message = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.string(),
  createdAt: z.number(),
});

const mailboxRoute = createRoute({
  method: 'get',
  path: '/dev/mailbox',
  summary: 'Development only: every email the portal queued, rendered',
  tags: ['Development'],
  request: { query: z.object({ to: z.string().max(254).optional() }) },
  responses: { 200: jsonResponse(z.object({ messages: z.array(Message) }), 'Messages, newest first') },
});

/** Mounted only in development, with the dev transport, on a loopback bind (serve-command.ts): it shows every reset link to whoever asks. */
export function devMailboxRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(mailboxRoute, async (c) => {
    const { to } = c.req.valid('query');
    const rows = await c
      .get('services')
      .db.select()
      .from(outbox)
      .where(to ? eq(outbox.recipient, to.toLowerCase()) : undefined)
      .orderBy(desc(outbox.createdAt))
      .limit(200);
    const messages = rows.map((row) => ({
      id: row.id,
      to: row.recipient,
      status: row.status,
      createdAt: row.createdAt,
      ...renderTemplate(row.template, row.payload),
    }));
    return c.json({ messages }, 200);
  });
  return app;
}
