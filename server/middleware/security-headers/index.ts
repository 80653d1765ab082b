import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { NON_HTML_POLICY, SERVER_PAGE_POLICY } from './content-security-policy.ts';

interface SecurityHeadersOptions {
  /** HSTS is sent in production only: on http://localhost it would only pin a browser to HTTPS. */
  production: boolean;
}

/**
 * The security headers of every response. A page served from a build already carries its
 * build's policy (hashes of its inline scripts, see content-security-policy.ts); anything
 * else gets the strict policy of its kind, so no response ever leaves without one.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const standard = secureHeaders({
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    // no-referrer: /verify and /reset-password carry one-time tokens in the query string, and no
    // part of the portal needs a Referer (the CSRF check reads Origin, which fetch() always sends).
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: options.production ? 'max-age=31536000; includeSubDomains' : false,
    xContentTypeOptions: 'nosniff',
    // The legacy twin of frame-ancestors 'none', for browsers that ignore CSP framing rules.
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
  });
  return async function securityHeadersMiddleware(c, next) {
    await standard(c, async () => {
      await next();
      if (c.res.headers.has('Content-Security-Policy')) return;
      const html = (c.res.headers.get('Content-Type') ?? '').startsWith('text/html');
      c.res.headers.set('Content-Security-Policy', html ? SERVER_PAGE_POLICY : NON_HTML_POLICY);
    });
  };
}
