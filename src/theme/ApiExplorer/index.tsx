import React, { Component, Suspense, lazy, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WrapperProps } from '@docusaurus/types';
import { setServer, setServerVariable } from '@theme/ApiExplorer/Server/slice';
import { useTypedDispatch, useTypedSelector } from '@theme/ApiItem/hooks';
import type ApiExplorerType from '@theme-original/ApiExplorer';
import { useSandboxReady } from '../../features/dashboard/use-sandbox-ready';
import { readerOriginUpdate, sandboxSlugOf } from '../../features/try/explorer-token';
import ExplorerTokenSnippet from '../../features/try/ExplorerTokenSnippet';
import { readSandboxToken } from '../../portal/SandboxTokenBar';

type Props = WrapperProps<typeof ApiExplorerType>;

/** Set once the reader opens the explorer: it then opens by itself on every operation page of this tab. */
const OPENED_KEY = 'portico-explorer-opened';

// The theme's explorer (request builder, postman-collection with faker, postman-code-generators)
// is about 5 MB of JavaScript that ran as a 1 s long task on every operation page. It is its own
// chunk, fetched when the reader asks for it (or points at the button), never before.
const loadExplorer = () =>
  Promise.all([import(/* webpackChunkName: "api-explorer" */ '@theme-original/ApiExplorer'), loadSampleGrammars()]).then(([explorer]) => explorer);

/**
 * The Java and C# grammars of the explorer's code samples, added to the Prism the site's code
 * blocks use when the explorer loads. In themeConfig.prism.additionalLanguages they ran on every
 * page of every build: Prism's insertBefore walks every grammar, a 300 ms task on a phone.
 */
async function loadSampleGrammars(): Promise<void> {
  const { Prism } = await import('prism-react-renderer');
  const scope = globalThis as { Prism?: unknown };
  const previous = scope.Prism;
  scope.Prism = Prism;
  try {
    await import(/* webpackChunkName: "api-explorer" */ 'prismjs/components/prism-java');
    await import(/* webpackChunkName: "api-explorer" */ 'prismjs/components/prism-csharp');
  } finally {
    if (previous === undefined) delete scope.Prism;
    else scope.Prism = previous;
  }
}

function prefetchExplorer(): void {
  loadExplorer().catch(() => undefined); // a failure shows when the reader opens it
}

/** Open from the start for a reader who already used it in this tab or holds a sandbox token for "Try it". */
function wasOpenedBefore(): boolean {
  try {
    return sessionStorage.getItem(OPENED_KEY) === '1' || readSandboxToken() !== null;
  } catch {
    return false;
  }
}

function rememberOpened(): void {
  try {
    sessionStorage.setItem(OPENED_KEY, '1');
  } catch {
    // storage refused (private mode): the explorer simply starts closed next time
  }
}

/** The right column of an operation page: the theme's explorer, loaded on demand. */
export default function ApiExplorerOnDemand(props: Props): React.JSX.Element {
  // Closed in the first render, as the server rendered it (reading sessionStorage there would not
  // match the HTML: React error #418); opened right after for a reader who used it or holds a token,
  // or whom the server says has sandbox access to this API.
  const [open, setOpen] = useState(false);
  const sandboxReady = useSandboxReady();
  const slug = useSandboxServer();
  useEffect(() => {
    if (wasOpenedBefore() || sandboxReady) setOpen(true);
  }, [sandboxReady]);
  const [attempt, setAttempt] = useState(0);
  // A new lazy component per attempt: a rejected one stays rejected; webpack refetches a failed chunk.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new lazy component per attempt: attempt is the only input, on purpose
  const Explorer = useMemo(() => lazy(loadExplorer), [attempt]);
  if (!open) {
    return (
      <ExplorerTeaser
        onOpen={() => {
          rememberOpened();
          setOpen(true);
        }}
      />
    );
  }
  return (
    <LoadFailureBoundary key={attempt} onRetry={() => setAttempt((count) => count + 1)}>
      {slug ? <ExplorerTokenSnippet slug={slug} /> : null}
      {/* The theme's own placeholder (its SkeletonLoader markup) while the chunk arrives. */}
      <Suspense fallback={<div className="openapi-skeleton lg" role="status" aria-busy="true" aria-label="Loading the API explorer" />}>
        <Explorer {...props} />
      </Suspense>
    </LoadFailureBoundary>
  );
}

/**
 * The explorer's server picker chooses the first server when it mounts, and the page's
 * "POST https://…/quotes" line shows it; with the explorer closed, the choice is made here (and a
 * choice remembered from another API's page, whose server this page lacks, is replaced). The
 * Portico sandbox server is `{origin}/sandbox/<slug>` (build/target-builds.ts): its origin is set
 * to this page's, so the code samples run as copied and "Send API Request" calls this portal
 * whatever site URL the build was made with. Returns the API's slug when its first server is the
 * Portico sandbox.
 */
function useSandboxServer(): string | null {
  const value = useTypedSelector((state) => state.server.value);
  const options = useTypedSelector((state) => state.server.options);
  const dispatch = useTypedDispatch();
  useEffect(() => {
    const first = options[0];
    if (first && !options.some((option) => option.url === value?.url)) {
      dispatch(setServer(JSON.stringify(first)));
      return;
    }
    const update = readerOriginUpdate(value, window.location.origin);
    if (update) dispatch(setServerVariable(update));
  }, [value, options, dispatch]);
  return sandboxSlugOf(options);
}

function ExplorerTeaser({ onOpen }: { onOpen(): void }): React.JSX.Element {
  return (
    <div className="card shadow--md margin-bottom--lg" data-testid="api-explorer-teaser">
      <div className="card__body">
        <h3>Code samples and Try it</h3>
        <p className="margin-bottom--none">
          This request in curl, Python, Node.js and other languages, and a form to send it to the sandbox with your app’s token.
        </p>
      </div>
      <div className="card__footer">
        <button
          type="button"
          className="button button--primary button--block"
          onClick={onOpen}
          onPointerEnter={prefetchExplorer}
          onFocus={prefetchExplorer}
          onTouchStart={prefetchExplorer}
        >
          Open the API explorer
        </button>
      </div>
    </div>
  );
}

interface BoundaryProps {
  onRetry(): void;
  children: ReactNode;
}

/** A chunk that fails to load (network gone, site redeployed) says so and offers a retry. */
class LoadFailureBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="alert alert--warning" role="alert" data-testid="api-explorer-failed">
        The API explorer could not be loaded.{' '}
        <button type="button" className="button button--sm button--secondary" onClick={this.props.onRetry}>
          Try again
        </button>
      </div>
    );
  }
}
