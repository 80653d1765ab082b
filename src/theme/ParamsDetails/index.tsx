import type React from 'react';
import ParamsDetails from '@theme-original/ParamsDetails';
import type ParamsDetailsType from '@theme-original/ParamsDetails';
import type { WrapperProps } from '@docusaurus/types';
import { AfterHydration } from '../../portal/after-hydration';

type Props = WrapperProps<typeof ParamsDetailsType>;

// The theme's own placeholder (its BrowserOnly fallback, "sm") until this section's turn: see AfterHydration.
export default function ParamsDetailsWrapper(props: Props): React.JSX.Element {
  return <AfterHydration skeleton="sm">{() => <ParamsDetails {...props} />}</AfterHydration>;
}
