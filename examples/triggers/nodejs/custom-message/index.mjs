// CustomMessage: Example Corp's own wording for the codes Cognito sends. The placeholders from the
// request (codeParameter, usernameParameter) stay in the text; Cognito puts the values in.
export const handler = async (event) => {
  const { codeParameter, usernameParameter } = event.request;
  switch (event.triggerSource) {
    case 'CustomMessage_SignUp':
    case 'CustomMessage_ResendCode':
      event.response.emailSubject = 'Confirm your Example Corp account';
      event.response.emailMessage = `Welcome to Example Corp! Your confirmation code is ${codeParameter}.`;
      event.response.smsMessage = `Example Corp confirmation code: ${codeParameter}`;
      break;
    case 'CustomMessage_ForgotPassword':
      event.response.emailSubject = 'Reset your Example Corp password';
      event.response.emailMessage = `Use ${codeParameter} to choose a new password.`;
      event.response.smsMessage = `Example Corp password reset code: ${codeParameter}`;
      break;
    case 'CustomMessage_AdminCreateUser':
      event.response.emailSubject = 'Your Example Corp account';
      event.response.emailMessage = `Sign in as ${usernameParameter} with the temporary password ${codeParameter}.`;
      event.response.smsMessage = `Example Corp: user ${usernameParameter}, temporary password ${codeParameter}`;
      break;
  }
  return event;
};
