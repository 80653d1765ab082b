import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuzzTally, fuzzOptions, hostileString } from '../support/fuzz.ts';
import { buildFuzzWorld, changedTables, type ActorName, type FuzzWorld, type Snapshot } from '../support/fuzz-world.ts';
import { bodyFor, type FuzzBody, type Schema } from '../support/schema-arbitrary.ts';

/**
 * Every unsafe operation of /api/openapi.json (a new endpoint is covered by being described),
 * called by an actor allowed to call it, with fast-check bodies and path parameters (real ids
 * and garbage). Always: no 500; a 4xx carries the error shape and leaves every table as it was.
 */
interface Operation {
  method: string;
  template: string;
  params: Array<{ name: string; schema: Schema }>;
  schema: Schema | undefined;
}

const RUNS_PER_OPERATION = 30;
const RUNS_AS_WRONG_ACTOR = 5;
const RUNS_OF_CERTIFICATE_UPLOADS = 150;
const tally = new FuzzTally('JSON endpoints');
const statuses = new Map<string, Map<number, number>>();
const failures: string[] = [];
let world: FuzzWorld;
let operations: Operation[] = [];
let components: Record<string, Schema> = {};
let pool: string[] = [];
let last: Snapshot;

/** Who is allowed, by the first segment of the path; everything else is a consumer's. */
const ACTOR_BY_AREA: Record<string, ActorName> = { admin: 'admin', registry: 'admin', owner: 'owner' };

beforeAll(async () => {
  world = await buildFuzzWorld();
  const document = (await (await world.actors.consumer.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { parameters?: Array<{ in: string; name: string; schema: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  components = document.components?.schemas ?? {};
  operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        params: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path'),
        schema: operation.requestBody?.content?.['application/json']?.schema,
      })),
  );
  pool = [...(await world.realValues()), world.pems.leaf, world.pems.fresh, world.pems.root, world.pems.privateKey];
  last = await world.snapshot();
}, 120_000);

afterAll(async () => {
  const lines = [...statuses].map(
    ([operation, counts]) =>
      `    ${operation}: ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ')}`,
  );
  tally.print(`${operations.length} operations`);
  process.stdout.write(`${lines.join('\n')}\n`);
  await world?.close();
});

function record(operation: string, status: number): void {
  const counts = statuses.get(operation) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  statuses.set(operation, counts);
}

const garbageParameter = fc.oneof(
  hostileString.map(encodeURIComponent),
  fc.constantFrom('%', '%ZZ', '%E0%A4%A', '..', '%2e%2e', '%2F', '%00', 'null', 'crt_', `app_${'x'.repeat(20)}`, 'x'.repeat(5_000)),
);

/** Fields whose name says what they hold get real values of that kind more often. */
function byName(key: string): fc.Arbitrary<unknown> | undefined {
  const { leaf, fresh, root, privateKey } = world.pems;
  const der = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');
  if (/^chain$/i.test(key)) return fc.constantFrom(root, fresh + root, privateKey, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  if (/certificate$/i.test(key))
    return fc.constantFrom(
      fresh,
      fresh,
      der(fresh),
      leaf,
      root,
      fresh + root,
      privateKey,
      fresh + privateKey,
      fresh.replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
  if (/slug$/i.test(key)) return fc.constantFrom('claims', 'payments', 'quotes', 'nope', 'CLAIMS', '../claims');
  return undefined;
}

function parameterValue(schema: Schema): fc.Arbitrary<string> {
  const real = schema.pattern
    ? pool.filter((value) => new RegExp(schema.pattern as string, 'u').test(value))
    : pool.filter((value) => !/^[a-z]{2,4}_/.test(value) && !value.includes('-----'));
  const options: Array<fc.WeightedArbitrary<string>> = [{ arbitrary: garbageParameter, weight: 1 }];
  if (real.length > 0) options.push({ arbitrary: fc.constantFrom(...real).map(encodeURIComponent), weight: 4 });
  return fc.oneof(...options);
}

/** One request; checks the answer and the database; puts the world back after a success. */
async function attempt(property: string, operation: Operation, actor: ActorName | 'anonymous', values: string[], body: FuzzBody): Promise<number> {
  const name = `${operation.method} ${operation.template}`;
  tally.count(property);
  world.resetCookies();
  const client = actor === 'anonymous' ? world.portal.client() : world.actors[actor];
  let pathname = `/api${operation.template}`;
  operation.params.forEach((parameter, index) => {
    pathname = pathname.replace(`{${parameter.name}}`, values[index] ?? '');
  });
  const headers: Record<string, string> = body.contentType === undefined ? {} : { 'Content-Type': body.contentType };
  const response = await client.request(pathname, { method: operation.method, body: body.body, headers });
  const text = await response.text();
  record(name, response.status);
  const where = `${name} as ${actor} (${body.label}) → ${response.status} at ${pathname.slice(0, 200)} with ${String(body.body).slice(0, 200)}: ${text.slice(0, 300)}`;
  if (response.status >= 500) failures.push(where);
  expect(response.status, where).toBeLessThan(500);
  for (const line of world.pems.privateKey.split('\n').filter((row) => row.length > 40)) expect(text, 'the private key was echoed').not.toContain(line);
  const after = await world.snapshot();
  if (response.status >= 400) {
    expect(response.headers.get('Content-Type') ?? '', where).toContain('application/json');
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(parsed.error?.code, where).toEqual(expect.any(String));
    expect(parsed.error?.message, where).toEqual(expect.any(String));
    expect(changedTables(last, after), `refused but stored: ${where}`).toEqual([]);
    last = after;
  } else if (changedTables(last, after).length > 0) {
    await world.restore();
    last = await world.snapshot();
  }
  return response.status;
}

function areaOf(operation: Operation): string {
  return operation.template.split('/')[1] ?? '';
}

function allowedActor(operation: Operation): ActorName {
  return ACTOR_BY_AREA[areaOf(operation)] ?? 'consumer';
}

describe('every unsafe JSON endpoint under fuzzed bodies and path parameters', () => {
  it('finds the operations in /api/openapi.json', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.filter((operation) => operation.schema).length).toBeGreaterThanOrEqual(25);
  });

  it('an allowed actor never gets a 500; a refusal has the error shape and stores nothing', async () => {
    for (const operation of operations) {
      const input = fc.tuple(
        fc.tuple(...operation.params.map((parameter) => parameterValue(parameter.schema))),
        bodyFor(operation.schema, components, pool, byName),
      );
      await fc.assert(
        fc.asyncProperty(input, async ([values, body]) => {
          await attempt('as an allowed actor', operation, allowedActor(operation), values, body);
        }),
        fuzzOptions(RUNS_PER_OPERATION),
      );
    }
    expect(failures).toEqual([]);
    // The actor really was allowed: every operation answered something other than 401/403 at least once.
    const neverPastAuth = operations
      .map((operation) => `${operation.method} ${operation.template}`)
      .filter((name) => [...(statuses.get(name) ?? new Map()).keys()].every((status) => status === 401 || status === 403));
    expect(neverPastAuth).toEqual([]);
  }, 300_000);

  it('certificate uploads of damaged certificates: refused (4xx, nothing stored) or left waiting for an unknown CA, never a 500', async () => {
    const der = Buffer.from(world.pems.fresh.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const upload: Operation = operations.find((operation) => operation.method === 'POST' && operation.template === '/certificates') as Operation;
    // Hundreds of uploads by one consumer: the per-user upload limit (tested in pem-parser-linear) is lifted between attempts.
    const freshAllowance = () => world.portal.handle.client.execute('delete from rate_limits');
    await freshAllowance();
    // Regression: a certificate whose extendedKeyUsage value is not a SEQUENCE threw inside the rules (500).
    const eku = der.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x25]));
    const damagedEku = Buffer.from(der);
    damagedEku[eku + 7] = 0x31;
    expect(
      await attempt('certificate uploads', upload, 'consumer', [], {
        body: JSON.stringify({ certificate: damagedEku.toString('base64'), apiSlug: 'claims' }),
        contentType: 'application/json',
        label: 'regression',
      }),
    ).toBe(422);
    const answered = new Set<number>();
    const damaged = fc
      .tuple(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('claims', 'quotes'),
      )
      .map(([flips, asPem, apiSlug]) => {
        const copy = Buffer.from(der);
        for (const [at, bit] of flips) copy[at] = (copy[at] as number) ^ (1 << bit);
        const base64 = copy.toString('base64');
        return { certificate: asPem ? `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n` : base64, apiSlug };
      });
    await fc.assert(
      fc.asyncProperty(damaged, async (body) => {
        await freshAllowance();
        answered.add(
          await attempt('certificate uploads', upload, 'consumer', [], {
            body: JSON.stringify(body),
            contentType: 'application/json',
            label: 'damaged certificate',
          }),
        );
      }),
      fuzzOptions(RUNS_OF_CERTIFICATE_UPLOADS),
    );
    // A damaged certificate is unreadable or fails a rule (422), or — its issuer name altered into
    // an unknown CA's — waits for that CA (202), where its signature will be checked; none passes (201).
    expect(answered.has(422)).toBe(true);
    expect([...answered].filter((status) => status !== 422 && status !== 202)).toEqual([]);
  }, 120_000);

  it('anonymous callers and actors without rights get 401/403/4xx with nothing stored', async () => {
    for (const operation of operations) {
      const wrong: ActorName = allowedActor(operation) === 'admin' ? 'owner' : 'other';
      const input = fc.tuple(
        fc.constantFrom<ActorName | 'anonymous'>('anonymous', wrong),
        fc.tuple(...operation.params.map((parameter) => parameterValue(parameter.schema))),
        bodyFor(operation.schema, components, pool, byName),
      );
      await fc.assert(
        fc.asyncProperty(input, async ([actor, values, body]) => {
          await attempt('as anonymous or an actor without rights', operation, actor, values, body);
        }),
        fuzzOptions(RUNS_AS_WRONG_ACTOR),
      );
    }
  }, 120_000);
});
