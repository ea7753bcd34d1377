// PreTokenGeneration, event version 2 (LambdaVersion V2_0): a `tenant` claim in the ID token and
// the access token, a list of roles in the access token, and an extra scope for the tenant's API.
// Environment: TENANT.
export const handler = async (event) => {
  const tenant = process.env.TENANT ?? 'default';
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { tenant } },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant, roles: ['reader', 'writer'] },
        scopesToAdd: [`${tenant}/orders.read`],
      },
    },
  };
  return event;
};
