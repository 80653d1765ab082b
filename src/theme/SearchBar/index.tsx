import type React from 'react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useMe } from '../../portal/use-me';
import { excerptRuns, groupHits, type SearchHit } from './group-results';
import { preload, searchHits } from './pagefind';
import { useSearchShortcuts } from './use-shortcuts';
import styles from './styles.module.css';

type State = { status: 'idle' } | { status: 'searching' } | { status: 'done'; term: string; hits: SearchHit[] } | { status: 'failed' };

/**
 * The navbar's search box, in every build (decision 033): the public index, the public API docs'
 * and the private indexes of the APIs the reader may read. Ctrl/Cmd-K or "/" focuses it; arrows move
 * through the results, Enter opens one, Escape closes. Results are plain links: most lead to another
 * build than the one showing the box.
 */
export default function SearchBar(): React.JSX.Element {
  const { me, loading } = useMe();
  // A string, so the search below changes only when the reader's private APIs do.
  const readable = (me?.readableApis ?? []).join(',');
  const [term, setTerm] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const asked = useRef(0);
  const id = useId();
  useSearchShortcuts(input);

  const run = useCallback(
    (text: string) => {
      const ask = ++asked.current;
      if (text.trim() === '') return setState({ status: 'idle' });
      setState({ status: 'searching' });
      const answered = (next: State) => {
        if (ask !== asked.current) return;
        setState(next);
        setActive(0);
      };
      searchHits(text, readable ? readable.split(',') : []).then(
        (hits) => answered({ status: 'done', term: text, hits }),
        () => answered({ status: 'failed' }),
      );
    },
    [readable],
  );
  useEffect(() => {
    // Until /api/me answers, which private indexes to merge is unknown: wait rather than search without them.
    if (loading) return;
    const timer = setTimeout(() => run(term), 60);
    return () => clearTimeout(timer);
  }, [term, run, loading]);

  const hits = state.status === 'done' ? state.hits : [];
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (hits.length === 0 ? 0 : (current + step + hits.length) % hits.length));
    } else if (event.key === 'Enter' && hits[active]) {
      window.location.assign(hits[active].url);
    }
  };

  return (
    <search className={styles.search} data-testid="search">
      <label htmlFor={`${id}-input`} className={styles.label}>
        Search the docs
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        className={styles.input}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        placeholder="Search (Ctrl+K)"
        autoComplete="off"
        value={term}
        aria-controls={`${id}-results`}
        aria-expanded={open && term !== ''}
        aria-activedescendant={hits[active] ? `${id}-hit-${active}` : undefined}
        onChange={(event) => {
          setTerm(event.target.value);
          setOpen(true);
        }}
        onFocus={() => {
          setOpen(true);
          if (!loading) preload(readable ? readable.split(',') : []);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 200)}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      {open && term.trim() !== '' ? <Results id={id} state={state} active={active} /> : null}
    </search>
  );
}

function Results({ id, state, active }: { id: string; state: State; active: number }): React.JSX.Element {
  let index = -1;
  return (
    <div
      id={`${id}-results`}
      className={styles.panel}
      data-testid="search-results"
      data-term={state.status === 'done' ? state.term : undefined}
      aria-live="polite"
    >
      {state.status === 'searching' ? <p className={styles.note}>Searching…</p> : null}
      {state.status === 'failed' ? <p className={styles.note}>Search is not available right now.</p> : null}
      {state.status === 'done' && state.hits.length === 0 ? <p className={styles.note}>Nothing found for “{state.term}”.</p> : null}
      {state.status === 'done'
        ? groupHits(state.hits).map((group) => (
            <section key={group.key} className={styles.group} data-testid="search-group">
              <h2 className={styles.heading}>{group.heading}</h2>
              <ul className={styles.list}>
                {group.hits.map((hit) => {
                  index++;
                  return (
                    <li key={`${index}:${hit.url}`} id={`${id}-hit-${index}`} className={index === active ? styles.active : undefined}>
                      <Hit hit={hit} />
                    </li>
                  );
                })}
              </ul>
            </section>
          ))
        : null}
    </div>
  );
}

function Hit({ hit }: { hit: SearchHit }): React.JSX.Element {
  return (
    <a className={styles.hit} href={hit.url} data-testid="search-hit" data-kind={hit.kind} data-api={hit.api ?? ''}>
      <span className={styles.title}>
        {hit.method ? <span className={styles.method}>{hit.method}</span> : null}
        {hit.title}
      </span>
      {hit.path ? <code className={styles.path}>{hit.path}</code> : null}
      <span className={styles.excerpt}>
        <Excerpt excerpt={hit.excerpt} />
      </span>
    </a>
  );
}

/** The excerpt's matched words in <mark>, everything as text: page text is never markup here. */
function Excerpt({ excerpt }: { excerpt: string }): React.JSX.Element {
  let at = 0;
  return (
    <>
      {excerptRuns(excerpt).map((run) => {
        const key = at;
        at += run.text.length;
        return run.marked ? <mark key={key}>{run.text}</mark> : <span key={key}>{run.text}</span>;
      })}
    </>
  );
}
