import type React from 'react';
import { useEffect, useState } from 'react';
import { usePrismTheme } from '@docusaurus/theme-common';
import { translate } from '@docusaurus/Translate';
import useIsBrowser from '@docusaurus/useIsBrowser';
import clsx from 'clsx';
import { Editor } from 'react-live';

// The theme's form (FormProvider) comes from react-hook-form's CommonJS build, which it
// require()s; an `import` here would load the ESM build, a second copy with its own context.
const { Controller, useFormContext } = require('react-hook-form') as typeof import('react-hook-form');
const { ErrorMessage } = require('@hookform/error-message') as typeof import('@hookform/error-message');

interface Props {
  /** The body the explorer starts from (an example, or one generated from the schema). */
  children: string;
  language: string;
  /** Receives the body text on every change. */
  action(code: string): void;
  required?: boolean;
}

/**
 * The request-body editor of "Try it", as the theme draws it, without react-live's
 * LiveProvider: the provider compiles and runs the body as JSX on every keystroke
 * (`Function(...)`), which the Content-Security-Policy refuses (no 'unsafe-eval') and no
 * request body needs. The same highlighted editor and form wiring, no evaluation.
 */
export default function LiveEditor({ children, language, action, required = false }: Props): React.JSX.Element {
  const prismTheme = usePrismTheme();
  const isBrowser = useIsBrowser();
  const [code, setCode] = useState(children.replace(/\n$/, ''));
  const [editorDisabled, setEditorDisabled] = useState(false);
  const {
    control,
    formState: { errors },
  } = useFormContext();
  const showErrors = Boolean(errors?.requestBody);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme's editor: report each new code to the form, not when the form's callback changes
  useEffect(() => {
    action(code);
  }, [code]);

  return (
    <div className="openapi-explorer__playground-container">
      <Controller
        control={control}
        rules={{ required: required && !code ? translate({ id: 'theme.openapi.form.fieldRequired', message: 'This field is required' }) : false }}
        name="requestBody"
        render={({ field: { onChange } }) => (
          // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: the theme's editor: the click only lifts its disabled state; the editor inside takes the keyboard
          <div onClick={() => setEditorDisabled(false)} onBlur={() => setEditorDisabled(true)}>
            <Editor
              key={String(isBrowser)}
              className={clsx({ 'openapi-explorer__playground-editor': true, 'openapi-explorer__form-item-input': showErrors, error: showErrors })}
              code={code}
              language={language}
              theme={prismTheme}
              disabled={editorDisabled}
              tabMode="focus"
              onChange={(snippet) => {
                setCode(snippet);
                onChange(snippet);
              }}
            />
          </div>
        )}
      />
      {showErrors && (
        <ErrorMessage errors={errors} name="requestBody" render={({ message }) => <div className="openapi-explorer__input-error">{message}</div>} />
      )}
    </div>
  );
}
