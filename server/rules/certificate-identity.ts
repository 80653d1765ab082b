/**
 * What an owner needs beside a certificate to judge whose it is: the subject's organization
 * (O=) next to the company the uploader registered with. Pure.
 */

/** The O= of a subject like "CN=client.example, O=Broker Partner SA" (escaped commas kept), or null. */
export function subjectOrganization(subject: string): string | null {
  // Split on commas that start a new attribute (", KEY="), not on escaped commas inside a value.
  const parts = subject.split(/(?<!\\),\s*(?=[A-Za-z][A-Za-z0-9.-]*=)/);
  const organization = parts.map((part) => /^O=(.*)$/s.exec(part.trim())?.[1]).find((value) => value !== undefined);
  return organization === undefined ? null : organization.replace(/\\(.)/g, '$1').trim();
}

/** Same company: case-insensitive, trimmed, inner spaces collapsed. Null when the subject names none. */
export function companyMatchesSubject(company: string, organization: string | null): boolean | null {
  if (organization === null) return null;
  const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return normal(company) === normal(organization);
}
