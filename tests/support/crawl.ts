interface CrawledResponse {
  path: string;
  status: number;
  contentType: string;
  body: Buffer;
}

interface CrawlOptions {
  origin: string;
  seeds: string[];
  headers?: Record<string, string>;
  maxRequests?: number;
}

const HTML_LINK = /\b(?:href|src|content)\s*=\s*["']([^"'#?]+)/gi;
const QUOTED_PATH = /["'`](\/[A-Za-z0-9_\-./%~@]*)["'`]/g;
const CSS_URL = /url\(\s*["']?([^"')]+)/gi;

/**
 * A breadth-first crawl that follows every same-origin path it can find: links in HTML,
 * every quoted "/path" in JS/CSS/JSON (route tables, chunk names) and CSS urls.
 */
export async function crawl(options: CrawlOptions): Promise<CrawledResponse[]> {
  const seen = new Set<string>();
  const queue = [...options.seeds];
  const responses: CrawledResponse[] = [];
  const limit = options.maxRequests ?? 5000;
  while (queue.length > 0 && responses.length < limit) {
    const batch = queue.splice(0, 16).filter((candidate) => {
      if (seen.has(candidate)) return false;
      seen.add(candidate);
      return true;
    });
    const fetched = await Promise.all(batch.map((path) => fetchPath(options, path)));
    for (const response of fetched) {
      responses.push(response);
      for (const found of extractPaths(response)) if (!seen.has(found)) queue.push(found);
    }
  }
  return responses;
}

async function fetchPath(options: CrawlOptions, path: string): Promise<CrawledResponse> {
  const response = await fetch(new URL(path, options.origin), { headers: options.headers, redirect: 'manual' });
  const body = Buffer.from(await response.arrayBuffer());
  const location = response.headers.get('location');
  // A redirect is followed as a new path so its target is scanned too.
  const extra = location ? Buffer.from(`"${new URL(location, options.origin).pathname}"`) : Buffer.alloc(0);
  return { path, status: response.status, contentType: response.headers.get('content-type') ?? '', body: Buffer.concat([body, extra]) };
}

function extractPaths(response: Pick<CrawledResponse, 'body' | 'path'>): string[] {
  const text = response.body.toString('utf8');
  const found = new Set<string>();
  const add = (raw: string) => {
    if (raw.startsWith('//') || /^[a-z]+:/i.test(raw)) return;
    const resolved = new URL(raw, `http://crawl.invalid${response.path}`);
    if (resolved.host === 'crawl.invalid') found.add(resolved.pathname);
  };
  for (const pattern of [HTML_LINK, QUOTED_PATH, CSS_URL]) {
    for (const match of text.matchAll(pattern)) {
      const candidate = match[1];
      if (candidate && candidate.length < 300) add(candidate);
    }
  }
  return [...found];
}
