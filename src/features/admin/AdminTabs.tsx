import type React from 'react';
import { useRef } from 'react';
import styles from './admin.module.css';
import { SECTIONS, type SectionId } from './sections';

export const PANEL_ID = 'admin-section-panel';
export const tabId = (section: SectionId) => `admin-tab-${section}`;

/** Where the arrow keys, Home and End move from a tab (WAI-ARIA tabs pattern, automatic activation). */
function nextIndex(key: string, index: number): number | null {
  const last = SECTIONS.length - 1;
  if (key === 'ArrowRight') return index === last ? 0 : index + 1;
  if (key === 'ArrowLeft') return index === 0 ? last : index - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}

/** The admin page's sections as labelled tabs: one tab stop, the arrow keys move between them. */
export function AdminTabs(props: { current: SectionId; onSection: (section: SectionId) => void }): React.JSX.Element {
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    const next = nextIndex(event.key, index);
    const section = next === null ? undefined : SECTIONS[next];
    if (next === null || !section) return;
    event.preventDefault();
    props.onSection(section.id);
    tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label="Administration sections" className={styles.tabs}>
      {SECTIONS.map((section, index) => (
        <button
          key={section.id}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={tabId(section.id)}
          aria-selected={section.id === props.current}
          aria-controls={PANEL_ID}
          tabIndex={section.id === props.current ? 0 : -1}
          className={styles.tab}
          data-testid={`admin-tab-${section.id}`}
          onClick={() => props.onSection(section.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {section.title}
        </button>
      ))}
    </div>
  );
}
