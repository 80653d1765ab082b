import type React from 'react';
import ResponseSchema from '@theme-original/ResponseSchema';
import type ResponseSchemaType from '@theme-original/ResponseSchema';
import type { WrapperProps } from '@docusaurus/types';
import { AfterHydration } from '../../portal/after-hydration';

type Props = WrapperProps<typeof ResponseSchemaType>;

// The theme's own placeholder (its BrowserOnly fallback, "md") until this section's turn: see AfterHydration.
export default function ResponseSchemaWrapper(props: Props): React.JSX.Element {
  return <AfterHydration skeleton="md">{() => <ResponseSchema {...props} />}</AfterHydration>;
}
