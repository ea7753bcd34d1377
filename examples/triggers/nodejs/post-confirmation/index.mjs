// PostConfirmation: once a user has confirmed their sign-up, sends them a welcome email through
// Amazon SES (the sender, SENDER, must be a verified identity). A password reset is left alone.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const ses = new SESv2Client({});

export const handler = async (event) => {
  const { email, name } = event.request.userAttributes;
  if (event.triggerSource === 'PostConfirmation_ConfirmSignUp' && email) {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.SENDER,
        Destination: { ToAddresses: [email] },
        Content: {
          Simple: {
            Subject: { Data: 'Welcome aboard' },
            Body: { Text: { Data: `Hello ${name ?? event.userName}, your account is ready.` } },
          },
        },
      }),
    );
  }
  return event;
};
