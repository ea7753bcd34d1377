// PreAuthentication: refuses sign-ins that come through an app client that may no longer sign
// users in (BLOCKED_CLIENT_ID), before Cognito checks the password.
export const handler = async (event) => {
  if (event.callerContext.clientId === process.env.BLOCKED_CLIENT_ID) {
    throw new Error('This app client can no longer sign users in');
  }
  return event;
};
