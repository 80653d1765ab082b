import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ACTORS,
  SESSION_ACTORS,
  SSO_ACTORS,
  buildWorld,
  type Actor,
  type CellResponse,
  type ClientActor,
  type SsoActor,
  type World,
} from '../support/authorization-world.ts';
import { ORIGIN } from '../support/test-portal.ts';
import { DOWNLOAD_ROWS, OAUTH_ROWS, PRIVATE_ROWS, SANDBOX_ROWS } from './authorization-matrix.edge-table.ts';
import { API_ROWS, showsAs, ssoOutcomes, type Outcome, type Row } from './authorization-matrix.table.ts';

/**
 * Walks the whole authorization matrix: every row against every actor, each unsafe request on
 * its own copy of the world. A served route without a row, or a row whose route is no longer
 * served, fails the first test.
 */

const ROWS: Row[] = [...API_ROWS, ...OAUTH_ROWS, ...SANDBOX_ROWS, ...PRIVATE_ROWS, ...DOWNLOAD_ROWS];
const ACTORS: readonly Actor[] = [...SESSION_ACTORS, ...SSO_ACTORS, ...CLIENT_ACTORS];
const isSso = (actor: Actor): actor is SsoActor => (SSO_ACTORS as readonly string[]).includes(actor);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 60_000);
afterAll(async () => world?.close());

/** Every route the portal serves: its OpenAPI document, the handlers registered on the app, and one build per private API. */
async function servedRoutes(): Promise<Set<string>> {
  const served = new Set<string>();
  const document = (await (await world.portal.app.request(`${ORIGIN}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  for (const [pathname, operations] of Object.entries(document.paths)) {
    for (const method of Object.keys(operations)) served.add(`${method.toUpperCase()} /api${pathname.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  // A handler answers without calling next(): middleware (app.use) takes (c, next), handlers take (c).
  const handlers = world.portal.app.routes.filter((route) => route.handler.length < 2);
  for (const { method, path } of handlers) {
    if (path === '/sandbox/:slug/*') for (const slug of world.site.specs.keys()) served.add(`${method} /sandbox/${slug}/*`);
    else served.add(`${method} ${path}`);
  }
  for (const slug of world.site.privateBuilds.keys()) served.add(`GET /private/${slug}/`);
  return served;
}

function templateOf(route: string): RegExp {
  const pattern = (route.split(' ')[1] ?? '')
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/:\w+/g, '[^/]+')
    .replace(/\*/g, '.*');
  return new RegExp(`^${pattern}$`);
}

function credentialsOf(row: Row, actor: Actor): Record<string, string> {
  if ((SESSION_ACTORS as readonly string[]).includes(actor) || isSso(actor)) {
    const cookie = world.cookieOf(actor as (typeof SESSION_ACTORS)[number] | SsoActor);
    return cookie ? { Cookie: cookie } : {};
  }
  const app = world.clients[actor as ClientActor];
  const basic = (id: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${app.secret}`).toString('base64')}` });
  switch (row.appAuth ?? 'bearer') {
    case 'bearer':
      return { Authorization: `Bearer ${app.token}` };
    case 'basic':
      return basic(app.id);
    case 'basic-as-appA':
      return basic(world.clients.appA.id);
    case 'none':
      return {};
  }
}

async function runCell(row: Row, actor: Actor): Promise<CellResponse> {
  const method = row.method ?? row.route.split(' ')[0] ?? 'GET';
  const pathname = row.path ? row.path(world.ids) : (row.route.split(' ')[1] ?? '/');
  if (!templateOf(row.route).test(pathname.split('?')[0] ?? '')) throw new Error(`the row of ${row.route} sends ${pathname}, which is not that route`);
  const headers: Record<string, string> = { ...credentialsOf(row, actor) };
  if (!SAFE.has(method)) headers.Origin = ORIGIN;
  let body: string | undefined;
  if (row.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(row.form(world)).toString();
  } else if (row.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = row.csv;
  } else if (row.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(typeof row.json === 'function' ? row.json(world, actor) : row.json);
  }
  return world.send(method, pathname, { headers, body }, isSso(actor) ? 'sso' : undefined);
}

function expectedOf(row: Row, actor: Actor): Outcome {
  const person = SESSION_ACTORS.indexOf(actor as (typeof SESSION_ACTORS)[number]);
  if (person >= 0) return row.people[person] as Outcome;
  if (isSso(actor)) return ssoOutcomes(row)[SSO_ACTORS.indexOf(actor)] as Outcome;
  return (row.apps ?? [row.people[0], row.people[0]])[CLIENT_ACTORS.indexOf(actor as ClientActor)] as Outcome;
}

/** Why the answer is not the expected one, or undefined when it is. */
function mismatchOf(row: Row, actor: Actor, expected: Outcome, response: CellResponse): string | undefined {
  const got = `${response.status}${response.location ? ` → ${response.location}` : ''} ${response.text.slice(0, 160)}`;
  if (typeof expected === 'number' && response.status !== expected) return `expected ${expected}, got ${got}`;
  if (expected === 'sign-in' && !(response.status === 302 && response.location?.startsWith('/signin?next=')))
    return `expected a redirect to sign in, got ${got}`;
  if (expected === 'active' || expected === 'inactive') {
    const active = response.status === 200 ? (JSON.parse(response.text) as { active?: boolean }).active : undefined;
    if (active !== (expected === 'active')) return `expected an ${expected} token, got ${got}`;
  }
  if (response.status >= 200 && response.status < 300) {
    for (const [key, allowed] of Object.entries(row.shows ?? {})) {
      const shown = response.text.includes(world.ids[key as keyof World['ids']]);
      if (shown !== allowed.includes(showsAs(actor))) return `${shown ? 'sees' : 'does not see'} ${key}, ${shown ? 'which it must not' : 'which it should'}`;
    }
  }
  return undefined;
}

describe('the authorization matrix', () => {
  it('has a row for every served route, and no row for a route that is not served', async () => {
    const served = await servedRoutes();
    const rowed = new Set(ROWS.map((row) => row.route));
    const missing = [...served].filter((route) => !rowed.has(route)).sort();
    const stale = [...rowed].filter((route) => !served.has(route)).sort();
    expect({ servedRoutesWithoutARow: missing, rowsOfRoutesNotServed: stale }).toEqual({ servedRoutesWithoutARow: [], rowsOfRoutesNotServed: [] });
  });

  it('fills every path with real ids of the world', () => {
    for (const id of Object.values(world.ids)) expect(id).toMatch(/^(usr|acc|app|sec|sub|crt|car)_[A-Za-z0-9_-]{20}$/);
  });

  it.each(ROWS.map((row) => [`${row.route}${row.note ? ` — ${row.note}` : ''}`, row] as const))('%s', async (_name, row) => {
    const mismatches: string[] = [];
    for (const actor of ACTORS) {
      const expected = expectedOf(row, actor);
      const problem = mismatchOf(row, actor, expected, await runCell(row, actor));
      if (problem) mismatches.push(`${actor}: ${problem}`);
    }
    expect(mismatches).toEqual([]);
  });
});
