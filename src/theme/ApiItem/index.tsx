import React from 'react';
import BrowserOnly from '@docusaurus/BrowserOnly';
import ApiItem from '@theme-original/ApiItem';
import type ApiItemType from '@theme-original/ApiItem';
import type { WrapperProps } from '@docusaurus/types';
import SandboxTokenBar from '../../portal/SandboxTokenBar';

type Props = WrapperProps<typeof ApiItemType>;

// Every API page gets the one-click sandbox token above the theme's own page.
export default function ApiItemWrapper(props: Props): React.JSX.Element {
  return (
    <>
      <BrowserOnly>{() => <SandboxTokenBar />}</BrowserOnly>
      <ApiItem {...props} />
    </>
  );
}
