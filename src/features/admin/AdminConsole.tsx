import type React from 'react';
import { useEffect, useState } from 'react';
import { AccessSection } from './AccessSection';
import { AdminTabs, PANEL_ID, tabId } from './AdminTabs';
import { AuditSection } from './AuditSection';
import { DomainsSection } from './DomainsSection';
import { OwnersSection } from './OwnersSection';
import { SECTIONS, type SectionId, searchOfSection, sectionOf } from './sections';
import type { CatalogApi, Report } from './types';
import { UsersSection } from './UsersSection';

/** The section in the URL (?section=audit): read once the page runs in the browser, pushed on a change, followed back and forward. */
function useSection(): [SectionId | null, (section: SectionId) => void] {
  const [section, setSection] = useState<SectionId | null>(null);
  useEffect(() => {
    const follow = () => setSection(sectionOf(window.location.search));
    follow();
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const choose = (next: SectionId) => {
    if (next === section) return;
    window.history.pushState(null, '', `${window.location.pathname}${searchOfSection(next)}`);
    setSection(next);
  };
  return [section, choose];
}

function Section(props: { section: SectionId; apis: CatalogApi[]; report: Report }): React.JSX.Element {
  switch (props.section) {
    case 'users':
      return <UsersSection apis={props.apis} report={props.report} />;
    case 'owners':
      return <OwnersSection report={props.report} />;
    case 'access':
      return <AccessSection apis={props.apis} report={props.report} />;
    case 'domains':
      return <DomainsSection report={props.report} />;
    case 'audit':
      return <AuditSection apis={props.apis} />;
  }
}

/**
 * The admin page: users, owners, documentation access, email-domain rules and the audit log, one
 * section at a time; what a change did is reported to the page (its notes).
 */
export function AdminConsole({ apis, report }: { apis: CatalogApi[]; report: Report }): React.JSX.Element | null {
  const [section, choose] = useSection();
  if (!section) return null;
  return (
    <>
      <AdminTabs current={section} onSection={choose} />
      <section role="tabpanel" id={PANEL_ID} aria-labelledby={tabId(section)} data-section={section}>
        <h2>{SECTIONS.find((entry) => entry.id === section)?.title}</h2>
        <Section key={section} section={section} apis={apis} report={report} />
      </section>
    </>
  );
}
