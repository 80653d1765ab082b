import type { Browser, Page } from 'playwright-core';

/** What a page did with the hostile text it shows: anything run, any live markup, and its visible text. */
interface PageReport {
  /** window.__xss / window.__xss_* set by a payload. */
  fired: string[];
  dialogs: string[];
  /** Elements with on* attributes, script elements holding a payload, frames, script or data URLs. */
  live: string[];
  /** The page's text, whitespace collapsed. */
  text: string;
}

const dialogsOf = new WeakMap<Page, string[]>();

/** A page that records every dialog (alert, confirm, prompt) a payload would open, and dismisses it. */
export function watchDialogs(page: Page): Page {
  const dialogs: string[] = [];
  dialogsOf.set(page, dialogs);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  });
  return page;
}

export async function newWatchedPage(browser: Browser): Promise<Page> {
  return watchDialogs(await (await browser.newContext({ viewport: { width: 1300, height: 950 } })).newPage());
}

/** Opens `url` (when given), waits for the client to settle, and reports. */
export async function inspectPage(page: Page, url?: string): Promise<PageReport> {
  if (url) await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const report = await page.evaluate(() => {
    const fired = Object.keys(window).filter((key) => key.startsWith('__xss'));
    const live: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) live.push(`<${element.tagName.toLowerCase()} ${attribute.name}>`);
        if (/^(href|src|action|formaction|data|xlink:href|srcdoc)$/i.test(attribute.name) && /^\s*(javascript|data|vbscript):|<script/i.test(attribute.value))
          live.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value.slice(0, 60)}">`);
      }
    }
    for (const script of Array.from(document.querySelectorAll('script'))) {
      // Data blocks (the breadcrumb's application/ld+json) hold page titles but never run.
      const runs = ['', 'text/javascript', 'application/javascript', 'module'].includes(script.type.toLowerCase());
      if (runs && /__xss|alert\(/.test(script.textContent ?? '')) live.push(`<script>${(script.textContent ?? '').slice(0, 60)}`);
    }
    for (const frame of Array.from(document.querySelectorAll('iframe, frame, object, embed'))) live.push(`<${frame.tagName.toLowerCase()}>`);
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is wanted; textContent would include script and hidden text
    return { fired, live, text: document.body.innerText.replace(/\s+/g, ' ') };
  });
  return { ...report, dialogs: [...(dialogsOf.get(page) ?? [])] };
}

/** Collapses whitespace the way PageReport.text does, for comparisons. */
export function asShown(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
