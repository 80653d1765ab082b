import type React from 'react';
import { useRef } from 'react';
import styles from './tabs.module.css';

/** Where the arrow keys, Home and End move from a tab (WAI-ARIA tabs pattern, automatic activation). */
function nextIndex(key: string, index: number, count: number): number | null {
  const last = count - 1;
  if (key === 'ArrowRight') return index === last ? 0 : index + 1;
  if (key === 'ArrowLeft') return index === 0 ? last : index - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}

interface TabItem<Id extends string> {
  id: Id;
  label: React.ReactNode;
}

/**
 * Labelled tabs controlling one panel (`panelId`): one tab stop, the arrow keys, Home and End move
 * between tabs and choose them. `idOf` names each tab's element (the panel's aria-labelledby).
 */
export function Tabs<Id extends string>(props: {
  label: string;
  items: Array<TabItem<Id>>;
  current: Id;
  onSelect: (id: Id) => void;
  panelId: string;
  idOf: (id: Id) => string;
  testIdOf: (id: Id) => string;
}): React.JSX.Element {
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: React.KeyboardEvent, index: number) => {
    const next = nextIndex(event.key, index, props.items.length);
    const item = next === null ? undefined : props.items[next];
    if (next === null || !item) return;
    event.preventDefault();
    props.onSelect(item.id);
    tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} className={styles.tabs}>
      {props.items.map((item, index) => (
        <button
          key={item.id}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={props.idOf(item.id)}
          aria-selected={item.id === props.current}
          aria-controls={props.panelId}
          tabIndex={item.id === props.current ? 0 : -1}
          className={styles.tab}
          data-testid={props.testIdOf(item.id)}
          onClick={() => props.onSelect(item.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
