// A few AWS managed policies, so roles can be set up as AWS's guides do (Cognito's SMS role is
// often given AmazonSNSFullAccess). AWS owns these: they live under account "aws", cannot be
// changed, and any account may attach them. Documents from the AWS Managed Policy Reference
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/), reduced to their SNS part.
export interface AwsManagedPolicy {
  name: string;
  arn: string;
  policyId: string;
  path: string;
  document: string;
  createdAt: number;
}

const defs: [string, string, object][] = [
  [
    'AdministratorAccess',
    'ANPAIWMBCKSKIEE64ZLYK',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  ],
  [
    'AmazonSNSFullAccess',
    'ANPAJWEKLCXXUNT2SOLSG',
    { Version: '2012-10-17', Statement: [{ Sid: 'SNSFullAccess', Action: ['sns:*'], Effect: 'Allow', Resource: '*' }] },
  ],
  [
    'AmazonSNSReadOnlyAccess',
    'ANPAIZGQCQTFOFPMHSB6W',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SNSReadOnlyAccess',
          Effect: 'Allow',
          Action: [
            'sns:GetTopicAttributes',
            'sns:List*',
            'sns:CheckIfPhoneNumberIsOptedOut',
            'sns:GetEndpointAttributes',
            'sns:GetDataProtectionPolicy',
            'sns:GetPlatformApplicationAttributes',
            'sns:GetSMSAttributes',
            'sns:GetSMSSandboxAccountStatus',
            'sns:GetSubscriptionAttributes',
          ],
          Resource: '*',
        },
      ],
    },
  ],
];

export const awsManagedPolicies: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  defs.map(([name, policyId, doc]) => {
    const arn = `arn:aws:iam::aws:policy/${name}`;
    return [
      arn,
      { name, arn, policyId, path: '/', document: JSON.stringify(doc), createdAt: Date.UTC(2015, 1, 6, 18, 39, 46) },
    ];
  }),
);
