import type React from 'react';
import OriginalLogo from '@theme-original/Logo';
import type LogoType from '@theme/Logo';
import type { WrapperProps } from '@docusaurus/types';

/**
 * The logo leads to the catalog at the site's root from every build. A private build's
 * baseUrl is /private/<slug>/, which Docusaurus would otherwise put in front of the link
 * (issue 16: the logo led back to the private docs' first page).
 */
export default function Logo(props: WrapperProps<typeof LogoType>): React.JSX.Element {
  return <OriginalLogo {...props} {...({ autoAddBaseUrl: false } as object)} />;
}
