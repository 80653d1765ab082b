import { act, createElement, type FunctionComponent } from 'react';
import type { Root } from 'react-dom/client';
import { type Element, type HTMLSelectElement, Window } from 'happy-dom';
import type { TestClient } from './test-portal.ts';

/**
 * A page's React component mounted in a real DOM (happy-dom) at a URL, its `fetch('/api/…')`
 * answered by the in-process portal as the signed-in client: the page talks to the real server,
 * its clicks and key presses are real DOM events. One page at a time (it sets the globals).
 */
export interface DomPage {
  window: Window;
  document: Window['document'];
  /** Waits until the page shows what `check` looks for (its return value), or fails after 5 s. */
  until<T>(check: () => T | null | undefined | false): Promise<T>;
  click(element: Element | null): Promise<void>;
  choose(select: Element | null, value: string): Promise<void>;
  type(input: Element | null, value: string): Promise<void>;
  key(element: Element | null, key: string): Promise<void>;
  /** A person choosing a file in a file input: its files set, then the change event. */
  attach(input: Element | null, file: { name: string; text: string; type?: string }): Promise<void>;
  close(): Promise<void>;
}

const GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'HTMLIFrameElement', 'Node', 'Event', 'KeyboardEvent', 'MouseEvent'] as const;

export async function mountPage<Props extends object>(url: string, component: FunctionComponent<Props>, props: Props, client: TestClient): Promise<DomPage> {
  const window = new Window({ url });
  const saved = new Map<string, PropertyDescriptor | undefined>();
  const scope = globalThis as Record<string, unknown>;
  for (const name of [...GLOBALS, 'fetch', 'IS_REACT_ACT_ENVIRONMENT']) saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
  const define = (name: string, value: unknown) => Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  for (const name of GLOBALS) define(name, (window as unknown as Record<string, unknown>)[name]);
  define('IS_REACT_ACT_ENVIRONMENT', true);
  define('fetch', async (input: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    return client.request(input, { method: init.method, headers: init.headers, body: init.body });
  });
  const container = window.document.createElement('div');
  window.document.body.appendChild(container);
  // Loaded once a window exists: React DOM decides at load whether the page has a DOM (the input event among others).
  const { createRoot } = await import('react-dom/client');
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container as unknown as HTMLElement);
    root.render(createElement(component, props));
  });
  const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
  const dispatch = async (element: Element | null, event: Event) => {
    if (!element) throw new Error('no such element on the page');
    await act(async () => {
      element.dispatchEvent(event as never);
    });
    await settle();
  };
  return {
    window,
    document: window.document,
    async until(check) {
      for (let attempt = 0; attempt < 250; attempt++) {
        const found = check();
        if (found) return found;
        await settle();
      }
      throw new Error(`the page never showed it; it shows: ${container.textContent}`);
    },
    click: (element) => dispatch(element, new window.MouseEvent('click', { bubbles: true }) as unknown as Event),
    async choose(select, value) {
      if (select) (select as HTMLSelectElement).value = value;
      await dispatch(select, new window.Event('change', { bubbles: true }) as unknown as Event);
    },
    async type(input, value) {
      // Through the prototype's setter, as a person typing: React tracks what the page itself set.
      let prototype = input ? Object.getPrototypeOf(input) : null;
      while (prototype && !Object.getOwnPropertyDescriptor(prototype, 'value')) prototype = Object.getPrototypeOf(prototype);
      if (input) Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(input, value);
      await dispatch(input, new window.Event('input', { bubbles: true }) as unknown as Event);
    },
    key: (element, key) => dispatch(element, new window.KeyboardEvent('keydown', { key, bubbles: true }) as unknown as Event),
    async attach(input, file) {
      const chosen = new window.File([file.text], file.name, { type: file.type ?? 'text/csv' });
      if (input) Object.assign(input, { files: Object.assign([chosen], { item: (index: number) => (index === 0 ? chosen : null) }) });
      await dispatch(input, new window.Event('change', { bubbles: true }) as unknown as Event);
    },
    async close() {
      await act(async () => root?.unmount());
      await window.happyDOM.close();
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete scope[name];
      }
    },
  };
}
