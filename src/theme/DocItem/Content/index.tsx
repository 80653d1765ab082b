import type React from 'react';
import Content from '@theme-original/DocItem/Content';
import type ContentType from '@theme-original/DocItem/Content';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof ContentType>;

/**
 * A doc's text is a search result (build/search-index.ts): a guide's, and an API page's (the OpenAPI
 * theme's layout renders this component too). Marked as the page's body, the index holds the page's
 * text and not the navbar, sidebar, breadcrumbs, pagination or footer.
 */
export default function ContentWrapper(props: Props): React.JSX.Element {
  return (
    <div data-pagefind-body="">
      <Content {...props} />
    </div>
  );
}
