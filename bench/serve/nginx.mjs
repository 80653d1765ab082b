// Debian's nginx serving the same public build: the reference column of the serving benchmark.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const NGINX = '/usr/sbin/nginx';
const BROTLI_STATIC = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** Whether nginx can answer `Accept-Encoding: br` from the build's .br files (Debian's libnginx-mod-http-brotli-static). */
export const nginxHasBrotliStatic = () => existsSync(BROTLI_STATIC);

/**
 * One worker pinned to `core` (worker_cpu_affinity, and the master under taskset), files
 * sent with sendfile, descriptors cached, build-time .gz (and .br when the module is there)
 * served as they are, hashed assets cached for good.
 */
export function nginxConfig({ root, port, tempDir, core }) {
  const mask = `1${'0'.repeat(core)}`;
  const brotli = nginxHasBrotliStatic();
  return `${brotli ? `load_module ${BROTLI_STATIC};\n` : ''}worker_processes 1;
worker_cpu_affinity ${mask};
daemon off;
user root;
pid ${tempDir}/nginx.pid;
error_log ${tempDir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_errors on;
  gzip_static on;
  ${brotli ? 'brotli_static on;' : '# brotli_static: module not installed'}
  client_body_temp_path ${tempDir}/nginx-body;
  proxy_temp_path ${tempDir}/nginx-proxy;
  fastcgi_temp_path ${tempDir}/nginx-fastcgi;
  uwsgi_temp_path ${tempDir}/nginx-uwsgi;
  scgi_temp_path ${tempDir}/nginx-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location /assets/ { expires max; }
    location / {
      add_header Cache-Control no-cache;
      try_files $uri $uri/index.html $uri.html =404;
    }
  }
}
`;
}

/** Starts nginx with that configuration; resolves once it answers. */
export async function startNginx({ root, port, tempDir, core }) {
  await mkdir(tempDir, { recursive: true });
  const file = path.join(tempDir, 'nginx.conf');
  await writeFile(file, nginxConfig({ root, port, tempDir, core }));
  const child = spawn('taskset', ['-c', String(core), NGINX, '-c', file, '-p', tempDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(origin, child, 'nginx');
  // The worker answers; the master only watches it.
  const worker = () => Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  return { origin, child, cpuPid: worker, stop: () => stopChild(child) };
}

/** CPU seconds (user + system, every thread) a process has used so far, from /proc. */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function waitForHttp(origin, child, name, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering`);
    const answered = await fetch(`${origin}/`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not answer at ${origin} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if it lingers: never leave a server behind. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
