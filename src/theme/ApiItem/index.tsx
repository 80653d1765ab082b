import React from 'react';
import BrowserOnly from '@docusaurus/BrowserOnly';
import ApiItem from '@theme-original/ApiItem';
import type ApiItemType from '@theme-original/ApiItem';
import type { WrapperProps } from '@docusaurus/types';
import SandboxTokenBar from '../../portal/SandboxTokenBar';

type Props = WrapperProps<typeof ApiItemType>;
type Content = Props['content'];

const memoizedContents = new WeakMap<object, Content>();

/**
 * The page's MDX, memoized. The theme's ApiItem renders once more as the page hydrates (it builds
 * its request store then), and without this the whole operation (parameters, schemas, every
 * description through react-markdown) renders again in one long task; the MDX has not changed,
 * and the parts that read the store or the browser state still update through their contexts.
 */
function memoizeContent(content: Content): Content {
  let memoized = memoizedContents.get(content);
  if (!memoized) {
    // The MDX module's fields (frontMatter, metadata, toc…) travel with the component.
    memoized = Object.assign(React.memo(content as React.ComponentType), content) as Content;
    memoizedContents.set(content, memoized);
  }
  return memoized;
}

// Every API page gets the one-click sandbox token above the theme's own page.
export default function ApiItemWrapper(props: Props): React.JSX.Element {
  return (
    <>
      <BrowserOnly>{() => <SandboxTokenBar />}</BrowserOnly>
      <ApiItem {...props} content={memoizeContent(props.content)} />
    </>
  );
}
