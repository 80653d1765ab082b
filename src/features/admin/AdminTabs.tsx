import type React from 'react';
import { Tabs } from '../../portal/Tabs';
import { SECTIONS, type SectionId } from './sections';

export const PANEL_ID = 'admin-section-panel';
export const tabId = (section: SectionId) => `admin-tab-${section}`;

/** The admin page's sections as labelled tabs: one tab stop, the arrow keys move between them. */
export function AdminTabs(props: { current: SectionId; onSection: (section: SectionId) => void }): React.JSX.Element {
  return (
    <Tabs
      label="Administration sections"
      items={SECTIONS.map((section) => ({ id: section.id, label: section.title }))}
      current={props.current}
      onSelect={props.onSection}
      panelId={PANEL_ID}
      idOf={tabId}
      testIdOf={tabId}
    />
  );
}
