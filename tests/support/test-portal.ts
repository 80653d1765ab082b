import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { createApp, type Runtime } from '../../server/app.ts';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db/client.ts';
import { outbox } from '../../server/db/schema.ts';
import { renderTemplate } from '../../server/email/templates/index.ts';
import { seedAcceptedCas } from '../../server/services/ca-registry.ts';
import { createServiceContext } from '../../server/services/context.ts';
import type { JsonObject } from '../../plugins/portico/contract.ts';
import { manifestApi, syntheticSite } from './synthetic-site.ts';

export const ORIGIN = 'http://portal.test';

export interface TestPortal {
  app: ReturnType<typeof createApp>;
  handle: DatabaseHandle;
  databaseFile: string;
  /** A browser-like client with its own cookie jar. */
  client(): TestClient;
  /** Every email queued so far, rendered. */
  emails(to?: string): Promise<Array<{ to: string; subject: string; text: string; html: string; template: string }>>;
  close(): Promise<void>;
}

export interface TestClient {
  cookie: string | undefined;
  request(
    pathname: string,
    init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string>; origin?: string | null },
  ): Promise<Response>;
}

/** The default catalog of server tests: two private APIs with different owners, one public. */
export const TEST_APIS = [
  manifestApi('claims', 'private', ['claims-owner@insurer.example'], 'Claims API'),
  manifestApi('payments', 'private', ['payments-owner@insurer.example'], 'Payments API'),
  manifestApi('quotes', 'public', ['quotes-owner@insurer.example'], 'Quotes API'),
];

/** The real app on a real SQLite file in a temporary folder, migrated. */
export async function createTestPortal(overrides: Partial<Runtime> = {}, specs: Record<string, JsonObject> = {}): Promise<TestPortal> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-db-'));
  const databaseFile = path.join(dir, 'portal.db');
  const handle = await openDatabase(`file:${databaseFile}`);
  await migrateDatabase(handle);
  const runtime: Runtime = {
    db: handle.db,
    siteUrl: ORIGIN,
    sessionPolicy: { ttlMs: 30 * 86_400_000 },
    secureCookies: false,
    devMailbox: true,
    limits: { signIn: 1000, register: 1000, reset: 1000 },
    ...overrides,
  };
  const site = syntheticSite(TEST_APIS, specs);
  await seedAcceptedCas(createServiceContext({ db: handle.db, siteUrl: ORIGIN, manifest: site.manifest }));
  const app = createApp({ site, runtime });
  return {
    app,
    handle,
    databaseFile,
    client: () => createClient(app),
    async emails(to) {
      const rows = await handle.db.select().from(outbox).orderBy(asc(outbox.createdAt));
      return rows
        .filter((row) => !to || row.recipient === to)
        .map((row) => ({ to: row.recipient, template: row.template, ...renderTemplate(row.template, row.payload) }));
    },
    async close() {
      handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function createClient(app: ReturnType<typeof createApp>): TestClient {
  const client: TestClient = {
    cookie: undefined,
    async request(pathname, init = {}) {
      const headers = new Headers(init.headers);
      const method = init.method ?? (init.json !== undefined ? 'POST' : 'GET');
      if (init.origin !== null && !['GET', 'HEAD'].includes(method)) headers.set('Origin', init.origin ?? ORIGIN);
      if (client.cookie) headers.set('Cookie', client.cookie);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const response = await app.request(new URL(pathname, ORIGIN).toString(), { method, headers, body });
      // Like a browser: the last Set-Cookie for our cookie wins; an emptied one removes it.
      const ours = response.headers.getSetCookie().filter((header) => header.startsWith('portico_session='));
      const last = ours.at(-1);
      if (last) {
        const pair = last.split(';')[0] ?? '';
        client.cookie = pair === 'portico_session=' || /Max-Age=0/i.test(last) ? undefined : pair;
      }
      return response;
    },
  };
  return client;
}

/** The token in the link of the newest email of a template to an address. */
export async function tokenFromEmail(portal: TestPortal, to: string, template: string): Promise<string> {
  const mails = (await portal.emails(to)).filter((mail) => mail.template === template);
  const last = mails.at(-1);
  const token = last ? /token=([^\s&"]+)/.exec(last.text)?.[1] : undefined;
  if (!token) throw new Error(`no ${template} email with a token to ${to}`);
  return decodeURIComponent(token);
}
