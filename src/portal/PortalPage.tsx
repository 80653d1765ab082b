import type React from 'react';
import Layout from '@theme/Layout';

/** A narrow page for forms: sign in, register, account. */
export function PortalPage({ title, children, wide }: { title: string; children: React.ReactNode; wide?: boolean }): React.JSX.Element {
  return (
    <Layout title={title} noFooter={false}>
      <main className="container margin-vert--lg" style={{ maxWidth: wide ? 1100 : 560 }}>
        <h1>{title}</h1>
        {children}
      </main>
    </Layout>
  );
}
