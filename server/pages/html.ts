const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A small standalone page for server answers (denied, errors): no client JS, same colours as the site. */
export function renderPage(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Portico</title>
<link rel="icon" href="/img/favicon.svg">
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1e21;background:#fff;line-height:1.55}
header{background:#1f5fa8;color:#fff;padding:.8rem 1.5rem;font-weight:700}
header a{color:#fff;text-decoration:none}
main{max-width:44rem;margin:2.5rem auto;padding:0 1.5rem}
.note{border-left:4px solid #1f5fa8;background:#f3f6fa;padding:1rem 1.2rem;border-radius:6px}
.button{display:inline-block;margin:.4rem .6rem .4rem 0;padding:.5rem 1rem;border-radius:6px;background:#1f5fa8;color:#fff;text-decoration:none;font-weight:600}
.button.secondary{background:#e9eef5;color:#1f5fa8}
@media (prefers-color-scheme:dark){body{background:#1b1b1d;color:#e3e3e3}.note{background:#242526}.button.secondary{background:#242526;color:#8ab4f8}}
</style>
</head>
<body>
<header><a href="/">Portico</a></header>
<main>
${bodyHtml}
</main>
</body>
</html>
`;
}
