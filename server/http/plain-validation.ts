import { z } from 'zod';

/**
 * Validation messages in plain words, naming the field as a person would ("full name is
 * required"), for every check whose schema did not give its own sentence. Zod's defaults
 * ("Too small: expected string to have >=1 characters") reach people through the forms.
 */

/** `fullName` → "full name", `apiSlug` → "API slug"; array indexes are skipped. */
export function fieldLabel(path: ReadonlyArray<PropertyKey>): string {
  const last = [...path].reverse().find((segment) => typeof segment === 'string');
  if (typeof last !== 'string') return 'the request body';
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bapi\b/g, 'API')
    .replace(/\burl\b/g, 'URL')
    .replace(/\bid\b/g, 'id');
}

type Issue = z.core.$ZodRawIssue;

const SIZE_UNIT: Record<string, string> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

function sized(issue: { origin?: unknown; minimum?: unknown; maximum?: unknown }, bound: 'least' | 'most'): string {
  const value = bound === 'least' ? issue.minimum : issue.maximum;
  const unit = SIZE_UNIT[String(issue.origin)];
  return unit ? `must have at ${bound} ${String(value)} ${unit}` : `must be at ${bound} ${String(value)}`;
}

/** The sentence for one issue, or undefined to keep Zod's. */
function plainValidationMessage(issue: Issue): string | undefined {
  const field = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${field} is required` : `${field} must be ${issue.expected === 'array' ? 'a list' : `a ${String(issue.expected)}`}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `${field} is required`;
      return `${field} ${sized(issue, 'least')}`;
    case 'too_big':
      return `${field} ${sized(issue, 'most')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return `${field} must be an email address`;
      if (issue.format === 'url') return `${field} must be a URL (https://…)`;
      if (issue.format === 'datetime') return `${field} must be a date and time (2026-12-02T09:30:00Z)`;
      return `${field} is not in the expected form`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return `${field} is not one of the accepted forms`;
    default:
      return undefined;
  }
}

let installed = false;

/** Installs the plain messages for every schema of the process (once; Zod's config is global). */
export function usePlainValidationMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => plainValidationMessage(issue) });
}
