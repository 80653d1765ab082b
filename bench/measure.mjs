// Runs a command and measures its wall time and memory: the peak RSS of the largest single
// process of its tree and the peak of the whole tree's sum (parallel builds add up), sampled
// from /proc every 100 ms.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';

// CPU seconds (user + sys of the whole tree, from GNU time) say more than wall time when
// the machine is busy with other work; both are reported.
const TIME_FORMAT = 'PORTICO_BENCH_TIME %e %U %S %M';

export async function measure(command, args, { cwd, env, logFile } = {}) {
  const startedAt = process.hrtime.bigint();
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', TIME_FORMAT, command, ...args]] : [command, args];
  const child = spawn(timed[0], timed[1], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? createWriteStream(logFile) : null;
  let stderrTail = '';
  child.stdout.on('data', (chunk) => log?.write(chunk));
  child.stderr.on('data', (chunk) => {
    log?.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-4096);
  });
  let peakProcess = 0;
  let peakTotal = 0;
  let sampling = false;
  const timer = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    const sizes = await treeRss(child.pid).catch(() => []);
    sampling = false;
    peakProcess = Math.max(peakProcess, ...sizes);
    peakTotal = Math.max(
      peakTotal,
      sizes.reduce((sum, size) => sum + size, 0),
    );
  }, 100);
  const exitCode = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  clearInterval(timer);
  await new Promise((resolve) => (log ? log.end(resolve) : resolve()));
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const times = /PORTICO_BENCH_TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderrTail);
  const cpuSeconds = times ? Number(times[2]) + Number(times[3]) : NaN;
  // GNU time's max RSS is that of the largest single process of the tree: sampling may miss a short peak.
  peakProcess = Math.max(peakProcess, times ? Number(times[4]) : 0);
  return { exitCode, seconds, cpuSeconds, peakProcessMiB: Math.round(peakProcess / 1024), peakTotalMiB: Math.round(Math.max(peakTotal, peakProcess) / 1024) };
}

/** RSS in KiB of `rootPid` and every descendant. */
async function treeRss(rootPid) {
  const parents = new Map();
  const rss = new Map();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
    const vmRss = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    if (ppid) parents.set(Number(name), Number(ppid));
    if (vmRss) rss.set(Number(name), Number(vmRss));
  }
  const inTree = (pid) => {
    for (let current = pid; current > 1; current = parents.get(current) ?? 0) if (current === rootPid) return true;
    return false;
  };
  return [...rss.entries()].filter(([pid]) => inTree(pid)).map(([, size]) => size);
}
