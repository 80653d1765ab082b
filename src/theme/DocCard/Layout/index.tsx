import type React from 'react';
import clsx from 'clsx';
import Link from '@docusaurus/Link';
import { ThemeClassNames } from '@docusaurus/theme-common';
import Heading from '@theme/DocCard/Heading';
import Description from '@theme/DocCard/Description';
import OriginalLayout from '@theme-original/DocCard/Layout';
import type LayoutType from '@theme/DocCard/Layout';
import type { WrapperProps } from '@docusaurus/types';
// The prefix the build gives links to pages of another part (plugins/portico/build/pages/sidebar-part.ts).
const FULL_PAGE_LOAD = 'pathname://';
import styles from './styles.module.css';

type Props = WrapperProps<typeof LayoutType>;

/**
 * A tag page lists its operations as cards; one built by another part of the API (decision 027)
 * is a full page load in the same tab with the page icon, like its neighbours — not the
 * new-tab "external link" card Docusaurus makes of a `pathname://` link.
 */
export default function DocCardLayout(props: Props): React.JSX.Element {
  if (!props.href.startsWith(FULL_PAGE_LOAD)) return <OriginalLayout {...props} />;
  return (
    <Link href={props.href} target="_self" className={clsx('card padding--lg', ThemeClassNames.docs.docCard.container, styles.card, props.className)}>
      <Heading item={props.item} icon="📄️" title={props.title} />
      {props.description && <Description item={props.item} description={props.description} />}
    </Link>
  );
}
