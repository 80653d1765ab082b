import { operationsWithoutClientError } from './client-error-checks.ts';
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
  warnings.push(...clientErrorWarnings(document, file, locate));
  return { spec: { document, portal: portal.data }, problems: warnings };
}

/** How many operations are named one by one before the rest are counted. */
const MAX_NAMED_OPERATIONS = 20;

/** One warning per operation that documents no client-error response, the first 20 by name. */
function clientErrorWarnings(document: JsonObject, file: string, locate: Locate): SpecProblem[] {
  const missing = operationsWithoutClientError(document);
  const warning = (at: Array<string | number>, message: string): SpecProblem => ({ ...specProblem(file, at, message, locate(at)), severity: 'warning' });
  const named = missing
    .slice(0, MAX_NAMED_OPERATIONS)
    .map(({ path, operation }) =>
      warning(
        path,
        `${operation} documents no client-error response (4XX, 400-499 or default): the sandbox answers its invalid requests with RFC 9457 problem details the spec does not describe`,
      ),
    );
  const rest = missing.length - named.length;
  return rest > 0 ? [...named, warning(['paths'], `${rest} more operations document no client-error response`)] : named;
}
