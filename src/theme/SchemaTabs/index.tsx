import type React from 'react';
import SchemaTabs from '@theme-original/SchemaTabs';
import type SchemaTabsType from '@theme-original/SchemaTabs';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof SchemaTabsType>;

// A schema's tabs are the schema itself (shown) and its examples as highlighted JSON (hidden):
// rendering those hidden code blocks was a large share of an operation page's start-up work.
// Lazy tabs render an example when the reader selects it.
export default function SchemaTabsWrapper(props: Props): React.JSX.Element {
  return <SchemaTabs lazy {...props} />;
}
