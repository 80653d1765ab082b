import { expect, it } from 'vitest';
import { ACCEPTED_CA_NAMES, bundledAcceptedAnchors } from '../../server/certificates/accepted-cas.ts';

it("loads the three accepted CAs that Node's Mozilla store carries, and only those", () => {
  expect(ACCEPTED_CA_NAMES).toHaveLength(8);
  expect(
    bundledAcceptedAnchors()
      .map((anchor) => anchor.name)
      .sort(),
  ).toEqual(['DigiCert High Assurance EV Root CA', 'Entrust Root Certification Authority', 'Entrust Root Certification Authority - G2']);
});
