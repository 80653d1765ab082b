import { ORIGIN, type TestPortal } from './test-portal.ts';

/**
 * A browser for the sign-in flow over HTTP: follows redirects between the portal (in-process,
 * `app.request`) and a real OpenID Provider on loopback, with a cookie jar per host, and posts
 * oidc-provider's development login and consent forms as a person would.
 */
export class OidcBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly portal: Pick<TestPortal, 'app'>) {}

  /** The portal's session cookie, for portal.client()-style calls. */
  cookieHeader(url: string): string {
    const host = new URL(url).host;
    return [...(this.jar.get(host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers = new Headers();
    const cookies = this.cookieHeader(url);
    if (cookies) headers.set('Cookie', cookies);
    let body: string | undefined;
    if (init.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      headers.set('Origin', ORIGIN);
      body = JSON.stringify(init.json);
    }
    const request = { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' as const };
    const response = url.startsWith(ORIGIN) ? await this.portal.app.request(url, request) : await fetch(url, request);
    this.keep(url, response);
    return response;
  }

  /** Follows redirects until a page answers (a form of the provider, the portal's page, an error). */
  async follow(start: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; response: Response }> {
    let url = start;
    let response = await this.fetch(url, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      url = new URL(response.headers.get('location') ?? '', url).toString();
      // The portal's own pages are the synthetic site's: where the flow lands is what counts.
      if (url.startsWith(ORIGIN) && !new URL(url).pathname.startsWith('/api/')) return { url, response };
      response = await this.fetch(url);
    }
    return { url, response };
  }

  private keep(url: string, response: Response): void {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (!value || /Max-Age=0|expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(host, cookies);
  }
}

/**
 * Signs `login` in through the provider's development forms from the portal's start URL.
 * Returns where the flow ended: the portal page (signed in) or the portal's refusal.
 */
export async function signInThrough(browser: OidcBrowser, startPath: string, login: string): Promise<{ url: string; response: Response }> {
  let step = await browser.follow(new URL(startPath, ORIGIN).toString());
  for (let forms = 0; forms < 3 && !step.url.startsWith(ORIGIN); forms++) {
    const html = await step.response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${step.url}: ${step.response.status} ${html.slice(0, 300)}`);
    const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
    step = await browser.follow(new URL(action, step.url).toString(), { method: 'POST', form });
  }
  return step;
}
