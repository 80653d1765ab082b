// Markdown for the serving benchmark: the table, the cache checks and the targets.

const TARGETS = { htmlRatio: 0.6, assetRatio: 0.9, privateRatio: 0.8, htmlP99Ms: 10, largeP99Ms: 1000 };

const number = (value) => Math.round(value).toLocaleString('en-US');
const megabytes = (bytesPerSecond) => `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
const ratio = (value) => `${value.toFixed(2)}×`;

/** The median of the rounds' ratios: each round's two runs were back to back, a burst of load elsewhere spoils one pair only. */
export function pairedRatio(ours, other) {
  const ratios = ours.perRound.map((value, index) => value / other.perRound[index]).sort((a, b) => a - b);
  const middle = Math.floor(ratios.length / 2);
  return ratios.length % 2 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
}

function failures(result) {
  const bad = result.non2xx + result.errors + result.timeouts;
  return bad === 0 ? '0' : `**${bad}** (${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`;
}

function line(name, server, result, note) {
  return `| ${name} | ${server} | ${number(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ${megabytes(result.bytesPerSecond)} | ${number(result.cpuMicrosecondsPerRequest)} | ${failures(result)} | ${note} |`;
}

export function formatRun(rows) {
  const out = [
    '| case | server | req/s | p50 ms | p99 ms | throughput | server CPU µs/req | failed | ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    let note = '';
    if (row.nginx) note = `${ratio(pairedRatio(row.ours, row.nginx))} nginx`;
    if (row.paired) note = `${ratio(pairedRatio(row.ours, row.paired))} the public API page`;
    out.push(line(row.name, 'portico', row.ours, note));
    if (row.nginx) out.push(line('', 'nginx', row.nginx, ''));
    if (row.paired) out.push(line('… the public API page, alternated with it', 'portico', row.paired, ''));
  }
  return `${out.join('\n')}\n`;
}

/** Each target with the measured figure: met (✓) or missed (✗). */
export function judgeTargets(rows) {
  const checks = [];
  const check = (met, text) => checks.push(`- ${met ? '✓' : '✗'} ${text}`);
  for (const row of rows.filter((candidate) => candidate.nginx)) {
    const measured = pairedRatio(row.ours, row.nginx);
    const wanted = row.kind === 'html' ? TARGETS.htmlRatio : TARGETS.assetRatio;
    check(measured >= wanted, `${row.name}: ${ratio(measured)} nginx (target ≥ ${wanted}×)`);
  }
  for (const row of rows.filter((candidate) => candidate.paired)) {
    const measured = pairedRatio(row.ours, row.paired);
    check(measured >= TARGETS.privateRatio, `private page: ${ratio(measured)} the public page (target ≥ ${TARGETS.privateRatio}×)`);
  }
  for (const row of rows.filter((candidate) => candidate.kind === 'html')) {
    check(row.ours.p99 < TARGETS.htmlP99Ms, `${row.name}: p99 ${row.ours.p99} ms (target < ${TARGETS.htmlP99Ms} ms)`);
  }
  for (const row of rows.filter((candidate) => candidate.kind === 'large')) {
    check(row.ours.p99 < TARGETS.largeP99Ms, `${row.name}: p99 ${row.ours.p99} ms (target: no multi-second p99)`);
  }
  for (const row of rows) {
    const bad = row.ours.non2xx + row.ours.errors + row.ours.timeouts;
    if (bad > 0) check(false, `${row.name}: ${bad} failed responses on portico`);
  }
  return `${checks.join('\n')}\n`;
}

export function formatCaching(server, lines) {
  const out = [`Cache checks (${server}):`, ''];
  for (const entry of lines) {
    out.push(
      `- ${entry.label} \`${entry.pathname}\`: ${entry.status}, ${entry.encoding}, Cache-Control \`${entry.cacheControl}\`, ETag ${entry.etag === '(none)' ? 'none' : 'yes'}, If-None-Match → ${entry.conditional}`,
    );
  }
  return `${out.join('\n')}\n\n`;
}
