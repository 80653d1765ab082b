import { generalNames, nameConstraintsOf, type CertificateFields, type GeneralName, type Rdn } from '../certificates/certificate-fields.ts';

/**
 * Names compared as RFC 5280 §7.1 asks (case-insensitive after normalisation: Unicode NFKC,
 * spaces trimmed and collapsed, case folded), and name constraints applied (§4.2.1.10, §6.1.3)
 * for the forms Portico processes: directory names and DNS names. Pure.
 */

const SUBJECT_ALT_NAME = '2.5.29.17';
const NAME_CONSTRAINTS = '2.5.29.30';

function normalised(rdn: Rdn): string[] {
  return rdn
    .map(
      (attribute) => `${attribute.type}=${attribute.isString ? attribute.value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase() : attribute.value}`,
    )
    .sort();
}

function sameRdn(a: Rdn, b: Rdn): boolean {
  const left = normalised(a);
  const right = normalised(b);
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

export function sameName(a: Rdn[], b: Rdn[]): boolean {
  return a.length === b.length && a.every((rdn, index) => sameRdn(rdn, b[index] as Rdn));
}

/** Subject and issuer are the same name (§6.1: self-issued; a CA's roll-over certificate is one). */
export function isSelfIssued(fields: CertificateFields): boolean {
  return sameName(fields.subject, fields.issuer);
}

function withinDirectory(name: Rdn[], base: Rdn[]): boolean {
  return base.length <= name.length && base.every((rdn, index) => sameRdn(rdn, name[index] as Rdn));
}

/** "example.com" covers itself and its subdomains; ".example.com" its subdomains only (OpenSSL's reading too). */
function withinDns(name: string, base: string): boolean {
  const host = name.toLowerCase().replace(/\.$/, '');
  const domain = base.toLowerCase().replace(/\.$/, '');
  if (domain === '') return true;
  if (domain.startsWith('.')) return host.endsWith(domain);
  return host === domain || host.endsWith(`.${domain}`);
}

function within(name: GeneralName, base: GeneralName): boolean {
  if (name.kind === 'directory' && base.kind === 'directory') return withinDirectory(name.value, base.value);
  if (name.kind === 'dns' && base.kind === 'dns') return withinDns(name.value, base.value);
  return false;
}

/** The names of a certificate that name constraints apply to: a non-empty subject, and its subjectAltName entries. */
function constrainedNames(fields: CertificateFields): GeneralName[] {
  const names: GeneralName[] = fields.subject.length > 0 ? [{ kind: 'directory', value: fields.subject }] : [];
  for (const extension of fields.extensions) if (extension.oid === SUBJECT_ALT_NAME) names.push(...generalNames(extension.value));
  return names;
}

function describeName(name: GeneralName): string {
  if (name.kind === 'directory') return name.value.map((rdn) => rdn.map((attribute) => attribute.value).join('+')).join(', ');
  return `${name.kind === 'dns' ? 'DNS name' : name.kind} ${name.value}`;
}

/**
 * Why `fields` breaks the name constraints of `issuer`, or undefined when it does not. A constraint
 * on a form Portico does not process (e-mail, URI, IP address) refuses a certificate that carries
 * a name of that form, as §4.2.1.10 allows for a critical extension.
 */
export function nameConstraintProblem(issuer: CertificateFields, fields: CertificateFields): string | undefined {
  const extension = issuer.extensions.find((item) => item.oid === NAME_CONSTRAINTS);
  if (!extension) return undefined;
  const { permitted, excluded } = nameConstraintsOf(extension.value);
  for (const name of constrainedNames(fields)) {
    const sameForm = (base: GeneralName) => base.kind === name.kind;
    if (name.kind !== 'directory' && name.kind !== 'dns') {
      if ([...permitted, ...excluded].some(sameForm)) return `its ${name.kind} name is under a constraint Portico does not process`;
      continue;
    }
    const barred = excluded.find((base) => sameForm(base) && within(name, base));
    if (barred) return `${describeName(name)} is excluded (${describeName(barred)})`;
    const allowed = permitted.filter(sameForm);
    if (allowed.length > 0 && !allowed.some((base) => within(name, base)))
      return `${describeName(name)} is outside the permitted ${allowed.map(describeName).join(' | ')}`;
  }
  return undefined;
}
