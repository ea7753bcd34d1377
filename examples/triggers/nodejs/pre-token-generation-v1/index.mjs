// PreTokenGeneration, event version 1: adds a `tenant` claim to the ID token, keeps the email
// address out of it, and puts every user in the `customers` group in their tokens.
// Environment: TENANT.
export const handler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tenant: process.env.TENANT ?? 'default' },
      claimsToSuppress: ['email'],
      groupOverrideDetails: { groupsToOverride: ['customers'] },
    },
  };
  return event;
};
