// IAM documents for the SMS role Cognito assumes, as the mission's document (docs/reference/seeds/004) writes them.

/** The trust policy for this account and pool ARN (or wildcard), with the external id when given. */
export const trustPolicy = (account: string, sourceArn: string, externalId?: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: '',
        Effect: 'Allow',
        Principal: { Service: 'cognito-idp.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            ...(externalId !== undefined ? { 'sts:ExternalId': externalId } : {}),
            'aws:SourceAccount': account,
          },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      },
    ],
  });

export const PUBLISH_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
});
