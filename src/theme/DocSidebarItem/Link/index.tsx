import type React from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import { ThemeClassNames } from '@docusaurus/theme-common';
import OriginalLink from '@theme-original/DocSidebarItem/Link';
import type LinkType from '@theme/DocSidebarItem/Link';
import type { WrapperProps } from '@docusaurus/types';
// The prefix the build gives links to pages of another part (plugins/portico/build/pages/sidebar-part.ts).
const FULL_PAGE_LOAD = 'pathname://';

type Props = WrapperProps<typeof LinkType>;

/**
 * A page of the same API built by another part of it (decision 027) is a `pathname://` link:
 * a full page load in the same tab, shown like the other operations (no "external" icon, no new
 * tab — Docusaurus treats any link with a scheme as leaving the site).
 */
export default function DocSidebarItemLink(props: Props): React.JSX.Element {
  const { item, level } = props;
  if (!item.href.startsWith(FULL_PAGE_LOAD)) return <OriginalLink {...props} />;
  return (
    <li
      className={clsx(ThemeClassNames.docs.docSidebarItemLink, ThemeClassNames.docs.docSidebarItemLinkLevel(level), 'menu__list-item', item.className)}
      key={item.label}
    >
      <Link className="menu__link" to={item.href} target="_self">
        {item.label}
      </Link>
    </li>
  );
}
