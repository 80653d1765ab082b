import React, { startTransition, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import useIsBrowser from '@docusaurus/useIsBrowser';

// Sections waiting to render, one at a time: each renders and commits (with the layout of what
// it adds) in tasks of its own, and the browser paints and handles input in between.
const waiting: Array<() => void> = [];
let busy = false;
// Set once the page's first sections have all rendered: sections mounted later (client-side
// navigation) render at once. Not "the page has hydrated": the theme's tabs remount their
// content when hydration ends, and those new sections must wait their turn too.
let settled = false;

function startNext(): void {
  const start = waiting.shift();
  busy = start !== undefined;
  if (!busy) settled = true;
  start?.();
}

function enqueue(start: () => void): () => void {
  waiting.push(start);
  if (!busy) {
    busy = true;
    setTimeout(startNext, 0);
  }
  return () => {
    const index = waiting.indexOf(start);
    if (index >= 0) waiting.splice(index, 1);
  };
}

function isOnScreen(element: HTMLElement | null): boolean {
  const box = element?.getBoundingClientRect();
  return box !== undefined && box.width > 0 && box.bottom > 0 && box.top < window.innerHeight;
}

/**
 * The theme's skeleton while the page hydrates (it is what the server rendered), then
 * `children`. The OpenAPI theme renders an operation's parameters and schemas in the browser
 * only, all at once as the page becomes interactive: one long task, a second or more on a
 * phone. Here a section on screen still renders with the page (filling it in later would shift
 * what the reader sees), and the others (further down, in hidden tabs) render one by one in
 * transitions, which React slices, so the page answers input meanwhile.
 */
export function AfterHydration({ skeleton, children }: { skeleton: 'sm' | 'md'; children: () => ReactNode }): React.JSX.Element {
  const isBrowser = useIsBrowser();
  const [ready, setReady] = useState(() => isBrowser && settled);
  const placeholder = useRef<HTMLDivElement>(null);
  // Before the browser paints: a visible section never shows its skeleton once hydrated.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only where the section stands when it mounts: later, the queue brings it in
  useLayoutEffect(() => {
    if (!ready && isOnScreen(placeholder.current)) setReady(true);
    // Only where it stands when it mounts: later, the queue brings it in.
  }, []);
  useEffect(() => {
    if (ready) return undefined;
    let started = false;
    const cancel = enqueue(() => {
      started = true;
      startTransition(() => setReady(true));
    });
    // Runs once this section has committed (or left the page): the next one may start.
    return () => {
      cancel();
      if (started) setTimeout(startNext, 0);
    };
  }, [ready]);
  // biome-ignore lint/complexity/noUselessFragments: the component returns an element; children() may be any node
  return ready && isBrowser ? <>{children()}</> : <div ref={placeholder} className={`openapi-skeleton ${skeleton}`} />;
}
