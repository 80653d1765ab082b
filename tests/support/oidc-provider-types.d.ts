// oidc-provider ships no types: what the tests use of it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: { path: string; method: string; body: unknown; status: number }, next: () => Promise<void>) => Promise<void>): void;
    proxy: boolean;
  }
}
