/**
 * The admin page's sections and their place in the URL (?section=audit), so a reload or a shared
 * link opens the same section. Pure: the page reads and writes window.location with these.
 */
export const SECTIONS = [
  { id: 'users', title: 'Users' },
  { id: 'owners', title: 'API owners' },
  { id: 'access', title: 'Documentation access' },
  { id: 'domains', title: 'Email domains' },
  { id: 'audit', title: 'Audit log' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

const IDS: readonly string[] = SECTIONS.map((section) => section.id);

/** The section a query string names; the users section when it names none or an unknown one. */
export function sectionOf(search: string): SectionId {
  const named = new URLSearchParams(search).get('section') ?? '';
  return IDS.includes(named) ? (named as SectionId) : 'users';
}

/** The query string of a section: only its name (another section's filters do not follow it). */
export function searchOfSection(section: SectionId): string {
  return section === 'users' ? '' : `?section=${section}`;
}
