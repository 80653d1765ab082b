/**
 * The documentation-access pieces' types are the server's own (the zod schema of GET
 * /api/doc-access/mine), never a hand-written copy: a change of the answer fails the type check here.
 */
import type { MyDocAccessRequest } from '../../../server/routes/doc-access.ts';

export type MyRequest = MyDocAccessRequest;
