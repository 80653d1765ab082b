/**
 * The sidebar of one part of an API built in several Docusaurus builds (decision 027). Every
 * part shows the API's whole sidebar; a page built by another part is a `pathname://` link (a
 * full page load: this build's router does not know that page) instead of a doc item, and a
 * category whose own page is elsewhere keeps its items but no link.
 * Loaded by Docusaurus through the generated sidebars file: keep this module dependency-free.
 */

/** A page built by another part: where it is served and what the sidebar calls it. */
export interface PageElsewhere {
  href: string;
  label: string;
}

/** The prefix that makes Docusaurus's Link a plain link (src/theme/DocSidebarItem/Link knows it). */
const FULL_PAGE_LOAD = 'pathname://';

interface SidebarItem {
  type: string;
  id?: string;
  label?: string;
  className?: string;
  link?: { type: string; id?: string };
  items?: SidebarItem[];
  [key: string]: unknown;
}

export function sidebarPart<T>(items: T, elsewhere: Record<string, PageElsewhere>): T {
  return (items as unknown as SidebarItem[]).map((item) => partOfItem(item, elsewhere)) as unknown as T;
}

function partOfItem(item: SidebarItem, elsewhere: Record<string, PageElsewhere>): SidebarItem {
  if (item.type === 'doc' && item.id !== undefined) {
    const page = elsewhere[item.id];
    if (!page) return item;
    return { type: 'link', label: item.label ?? page.label, href: `${FULL_PAGE_LOAD}${page.href}`, ...(item.className ? { className: item.className } : {}) };
  }
  if (item.type !== 'category') return item;
  const { link, ...category } = item;
  const keepsLink = link !== undefined && !(link.type === 'doc' && link.id !== undefined && elsewhere[link.id]);
  return { ...category, ...(keepsLink ? { link } : {}), items: (item.items ?? []).map((child) => partOfItem(child, elsewhere)) };
}
