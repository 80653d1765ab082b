import { escapeHtml } from '../pages/html.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface EmailContent {
  subject: string;
  /** Paragraphs of plain text: escaped into HTML, kept as is in the text part. */
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
}

/** One look for every email: a heading, paragraphs, an optional button, the same footer. */
export function renderEmail(content: EmailContent): RenderedEmail {
  const footer = content.footer ?? 'You receive this email because of your account on the Portico developer portal.';
  const html = `<!doctype html><html><body style="margin:0;background:#f3f6fa;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c1e21">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#fff;border-radius:8px;padding:28px">
<tr><td style="font-weight:700;color:#1f5fa8;padding-bottom:12px">Portico</td></tr>
<tr><td><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.subject)}</h1>
${content.paragraphs.map((paragraph) => `<p style="line-height:1.55;margin:0 0 14px">${escapeHtml(paragraph)}</p>`).join('\n')}
${
  content.action
    ? `<p style="margin:22px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1f5fa8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:13px;color:#555">Or open: ${escapeHtml(content.action.url)}</p>`
    : ''
}
<p style="font-size:12px;color:#777;margin-top:24px">${escapeHtml(footer)}</p></td></tr></table></td></tr></table></body></html>`;
  const text = [
    content.subject,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    '--',
    footer,
  ].join('\n');
  return { subject: content.subject, html, text };
}
