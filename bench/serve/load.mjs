// One autocannon run, as its own process so it can be pinned to its own core with taskset.
// Input: one JSON argument { url, method, headers, body, connections, duration }.
// Output: one JSON line with the figures the serving benchmark reports.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}');
const result = await autocannon({
  url: options.url,
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  body: options.body,
  connections: options.connections ?? 64,
  duration: options.duration ?? 10,
  timeout: 30,
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    bytesPerSecond: result.throughput.average,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
