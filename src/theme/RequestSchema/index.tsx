import type React from 'react';
import RequestSchema from '@theme-original/RequestSchema';
import type RequestSchemaType from '@theme-original/RequestSchema';
import type { WrapperProps } from '@docusaurus/types';
import { AfterHydration } from '../../portal/after-hydration';

type Props = WrapperProps<typeof RequestSchemaType>;

// The theme's own placeholder (its BrowserOnly fallback, "sm") until this section's turn: see AfterHydration.
export default function RequestSchemaWrapper(props: Props): React.JSX.Element {
  return <AfterHydration skeleton="sm">{() => <RequestSchema {...props} />}</AfterHydration>;
}
