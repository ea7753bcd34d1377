// PostAuthentication: records each successful sign-in in the function's log (CloudWatch Logs).
export const handler = async (event) => {
  const { email } = event.request.userAttributes;
  console.log(
    `Signed in: ${event.userName} (${email ?? 'no email'}) through app client ${event.callerContext.clientId}`,
  );
  return event;
};
