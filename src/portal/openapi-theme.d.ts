// The few OpenAPI-theme internals Portico's theme wrappers use; the theme ships no types for its @theme aliases.
declare module '@theme/ApiItem/hooks' {
  interface ServerObject {
    url: string;
    variables?: Record<string, { default?: string }>;
  }
  interface ExplorerState {
    server: { value?: ServerObject; options: ServerObject[] };
  }
  export function useTypedSelector<T>(select: (state: ExplorerState) => T): T;
  export function useTypedDispatch(): (action: { type: string; payload: unknown }) => void;
}

declare module '@theme/ApiExplorer/Server/slice' {
  /** The payload is the chosen server object as JSON. */
  export function setServer(serverJson: string): { type: string; payload: string };
  /** The payload is `{ key, value }` as JSON: the chosen server's variable `key` takes `value` (stored for the tab). */
  export function setServerVariable(variableJson: string): { type: string; payload: string };
}

/** Prism's grammar files extend the global Prism when evaluated; they export nothing. */
declare module 'prismjs/components/*';
