/** Registration forms of the test cast. */
export const JANE = {
  username: 'jane.doe',
  fullName: 'Jane Doe',
  company: 'Broker Partner SA',
  email: 'Jane.Doe@Broker-Partner.example',
  password: 'correct horse battery staple',
  acceptGuidelines: true,
};

export const BOB = {
  username: 'bob',
  fullName: 'Bob Martin',
  company: 'Other Partner Ltd',
  email: 'bob@other-partner.example',
  password: 'another correct horse battery',
  acceptGuidelines: true,
};
