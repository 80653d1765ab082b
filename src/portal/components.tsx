/**
 * The portal's form parts and notes. No theme import here (the page frame is PortalPage.tsx), so a
 * feature's components render anywhere, in a unit test's DOM too.
 */
import React from 'react';
import type { ApiFailure } from './api-client';

/** The look of the portal's form fields: Field, SelectField and TextAreaField alike. */
const LABEL_STYLE: React.CSSProperties = { display: 'block', fontWeight: 600, marginBottom: 4 };
const FIELD_STYLE: React.CSSProperties = {
  width: '100%',
  padding: '0.5rem 0.6rem',
  borderRadius: 6,
  border: '1px solid var(--ifm-color-emphasis-400)',
  background: 'var(--ifm-background-color)',
  color: 'var(--ifm-font-color-base)',
};
const HINT_STYLE: React.CSSProperties = { color: 'var(--ifm-color-emphasis-700)' };

/**
 * What every field has around its control: the label, the hint (tied to the control for screen
 * readers) and the error in words. The control's id is `field-<name>`.
 */
function FieldFrame(props: { id: string; label: string; hint?: string; error?: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="margin-bottom--md">
      <label htmlFor={props.id} style={LABEL_STYLE}>
        {props.label}
      </label>
      {props.children}
      {props.hint ? (
        <small id={`${props.id}-hint`} style={HINT_STYLE}>
          {props.hint}
        </small>
      ) : null}
      {props.error ? <div className="text--danger">{props.error}</div> : null}
    </div>
  );
}

const describedBy = (id: string, hint?: string) => (hint ? `${id}-hint` : undefined);

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete?: string;
  hint?: string;
  required?: boolean;
  error?: string;
}): React.JSX.Element {
  const id = `field-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        required={props.required ?? true}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint)}
        onChange={(event) => props.onChange(event.target.value)}
        style={FIELD_STYLE}
      />
    </FieldFrame>
  );
}

/**
 * A labelled drop-down, looking like Field: `options` in order, the first usually the empty
 * choice ("Choose …"). Its id is `field-<name>`, its hint tied to it for screen readers.
 */
export function SelectField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  hint?: string;
  required?: boolean;
}): React.JSX.Element {
  const id = `field-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint}>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required ?? true}
        aria-describedby={describedBy(id, props.hint)}
        onChange={(event) => props.onChange(event.target.value)}
        style={FIELD_STYLE}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A labelled multi-line field, looking like Field (`monospace` for pasted PEM). Its id is `field-<name>`. */
export function TextAreaField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  monospace?: boolean;
  hint?: string;
}): React.JSX.Element {
  const id = `field-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        value={props.value}
        required
        aria-describedby={describedBy(id, props.hint)}
        onChange={(event) => props.onChange(event.target.value)}
        style={props.monospace ? { ...FIELD_STYLE, fontFamily: 'var(--ifm-font-family-monospace)' } : FIELD_STYLE}
      />
    </FieldFrame>
  );
}

/** The server's sentence, and each field it names. */
export function ErrorNote({ failure }: { failure: ApiFailure | null }): React.JSX.Element | null {
  if (!failure) return null;
  return (
    <div className="alert alert--danger margin-bottom--md" role="alert" data-testid="form-error">
      {failure.message}
    </div>
  );
}

export function SuccessNote({ children }: { children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="alert alert--success margin-bottom--md" role="status" data-testid="form-success">
      {children}
    </div>
  );
}

export function useQueryParam(name: string): string | null {
  const [value, setValue] = React.useState<string | null>(null);
  React.useEffect(() => setValue(new URLSearchParams(window.location.search).get(name)), [name]);
  return value;
}
