import { checkOpenApiStructure } from './openapi-checks.ts';
import type { JsonObject } from '../contract.ts';
import { specProblem, type Locate, type SpecProblem } from './problems.ts';
import { xPortalSchema, type XPortal } from './x-portal.ts';

/**
 * The validation entry point: a parsed document in, either a publishable spec or the problems
 * that stop it out (each naming the file, line and JSON path). `portico validate`, `portico build`
 * and the tests all go through here, so an API team sees the same refusals everywhere.
 */
interface ValidSpec {
  document: JsonObject;
  portal: XPortal;
}

export function validateSpec(doc: unknown, file: string, locate: Locate = () => undefined): { spec?: ValidSpec; problems: SpecProblem[] } {
  const structural = checkOpenApiStructure(doc);
  if (structural.length > 0) {
    return { problems: structural.map((issue) => specProblem(file, issue.path, issue.message, locate(issue.path))) };
  }
  const document = doc as JsonObject;
  if (!('x-portal' in document)) {
    return {
      problems: [specProblem(file, ['x-portal'], 'the x-portal block is missing: every API declares its visibility, audience and environments', locate([]))],
    };
  }
  const portal = xPortalSchema.safeParse(document['x-portal']);
  if (!portal.success) {
    return {
      problems: portal.error.issues.map((issue) => {
        const at = ['x-portal', ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
        return specProblem(file, at, issue.message, locate(at));
      }),
    };
  }
  const warnings: SpecProblem[] = [];
  if (portal.data.visibility === 'public' && portal.data.owners.length === 0) {
    warnings.push({
      ...specProblem(file, ['x-portal', 'owners'], 'no owners: nobody will be asked to approve API access requests', locate(['x-portal'])),
      severity: 'warning',
    });
  }
  return { spec: { document, portal: portal.data }, problems: warnings };
}
