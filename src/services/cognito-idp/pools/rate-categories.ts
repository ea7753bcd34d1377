// Which request-rate category (Get/UpdateProvisionedLimit's API_CATEGORY) each operation counts
// against. Source: the developer guide's "Quotas in Amazon Cognito", "Amazon Cognito user pools API
// operation categories and request rate quotas"
// (https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html;
// docs/reference/cognito-messaging-facts.md §6.1). The guide names these members in its text:
// UserCreation = SignUp, ConfirmSignUp, AdminCreateUser, AdminConfirmSignUp; UserAuthentication =
// InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge (the last two
// with an allowance of their own, three times the category's); ForgotPassword is UserAccountRecovery
// (re:Post, cognito-messaging-facts.md §6.1). The guide's per-category lists are expandable parts of
// the page that were not retrievable here; every other operation is placed by the category's
// description in the same table ("operations that retrieve a user", "... manage users and user
// attributes", "... resource information for a user, such as a remembered device or a group
// membership", "... resources, such as groups or resource servers, from a user pool", ...): cognate's
// reading, listed in one place so a correction is one line.
// ClientAuthentication (client_credentials at the token endpoint) and UserFederation (the managed
// federation endpoints) name no API operation: cognate has no such endpoints yet.

const BY_CATEGORY: Record<string, string[]> = {
  UserAuthentication: [
    'InitiateAuth',
    'AdminInitiateAuth',
    'RespondToAuthChallenge',
    'AdminRespondToAuthChallenge',
    // signs in again with a refresh token, as InitiateAuth's REFRESH_TOKEN_AUTH does
    'GetTokensFromRefreshToken',
  ],
  UserCreation: ['SignUp', 'ConfirmSignUp', 'AdminCreateUser', 'AdminConfirmSignUp'],
  UserAccountRecovery: [
    'ForgotPassword',
    'ConfirmForgotPassword',
    'ChangePassword',
    'AdminResetUserPassword',
    'AdminSetUserPassword',
  ],
  UserRead: ['AdminGetUser', 'GetUser', 'AdminGetUserAuthFactors', 'GetUserAuthFactors'],
  UserUpdate: [
    'AdminDeleteUser',
    'AdminDeleteUserAttributes',
    'AdminDisableUser',
    'AdminEnableUser',
    'AdminUpdateUserAttributes',
    'AdminDisableProviderForUser',
    'AdminLinkProviderForUser',
    'AdminSetUserMFAPreference',
    'AdminSetUserSettings',
    'DeleteUser',
    'DeleteUserAttributes',
    'UpdateUserAttributes',
    'VerifyUserAttribute',
    'SetUserMFAPreference',
    'SetUserSettings',
  ],
  UserToken: ['RevokeToken', 'GlobalSignOut', 'AdminUserGlobalSignOut'],
  UserResourceRead: [
    'AdminGetDevice',
    'AdminListDevices',
    'GetDevice',
    'ListDevices',
    'AdminListGroupsForUser',
    'AdminListUserAuthEvents',
    'ListWebAuthnCredentials',
    'GetUserAttributeVerificationCode',
    'ResendConfirmationCode',
  ],
  UserResourceUpdate: [
    'AdminAddUserToGroup',
    'AdminRemoveUserFromGroup',
    'AdminForgetDevice',
    'AdminUpdateDeviceStatus',
    'ConfirmDevice',
    'ForgetDevice',
    'UpdateDeviceStatus',
    'AdminUpdateAuthEventFeedback',
    'UpdateAuthEventFeedback',
    'AssociateSoftwareToken',
    'VerifySoftwareToken',
    'StartWebAuthnRegistration',
    'CompleteWebAuthnRegistration',
    'DeleteWebAuthnCredential',
  ],
  UserList: ['ListUsers', 'ListUsersInGroup'],
  UserPoolRead: ['DescribeUserPool', 'ListUserPools', 'GetUserPoolMfaConfig'],
  UserPoolUpdate: ['CreateUserPool', 'UpdateUserPool', 'DeleteUserPool', 'AddCustomAttributes', 'SetUserPoolMfaConfig'],
  UserPoolResourceRead: [
    'GetGroup',
    'ListGroups',
    'DescribeResourceServer',
    'ListResourceServers',
    'DescribeIdentityProvider',
    'GetIdentityProviderByIdentifier',
    'ListIdentityProviders',
    'DescribeUserPoolDomain',
    'DescribeUserImportJob',
    'ListUserImportJobs',
    'GetCSVHeader',
    'GetUICustomization',
    'DescribeManagedLoginBranding',
    'DescribeManagedLoginBrandingByClient',
    'DescribeTerms',
    'ListTerms',
    'DescribeRiskConfiguration',
    'GetLogDeliveryConfiguration',
    'GetSigningCertificate',
    'ListTagsForResource',
    'ListUserPoolReplicas',
  ],
  UserPoolResourceUpdate: [
    'CreateGroup',
    'UpdateGroup',
    'DeleteGroup',
    'CreateResourceServer',
    'UpdateResourceServer',
    'DeleteResourceServer',
    'CreateIdentityProvider',
    'UpdateIdentityProvider',
    'DeleteIdentityProvider',
    'CreateUserPoolDomain',
    'UpdateUserPoolDomain',
    'DeleteUserPoolDomain',
    'CreateUserImportJob',
    'StartUserImportJob',
    'StopUserImportJob',
    'SetUICustomization',
    'CreateManagedLoginBranding',
    'UpdateManagedLoginBranding',
    'DeleteManagedLoginBranding',
    'CreateTerms',
    'UpdateTerms',
    'DeleteTerms',
    'SetRiskConfiguration',
    'SetLogDeliveryConfiguration',
    'TagResource',
    'UntagResource',
    'CreateUserPoolReplica',
    'UpdateUserPoolReplica',
    'DeleteUserPoolReplica',
  ],
  UserPoolClientRead: ['DescribeUserPoolClient', 'ListUserPoolClients', 'ListUserPoolClientSecrets'],
  UserPoolClientUpdate: [
    'CreateUserPoolClient',
    'UpdateUserPoolClient',
    'DeleteUserPoolClient',
    'AddUserPoolClientSecret',
    'DeleteUserPoolClientSecret',
  ],
};

/** operation → category; Get/UpdateProvisionedLimit themselves are in none. */
export const CATEGORY_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(BY_CATEGORY).flatMap(([category, ops]) => ops.map((op) => [op, category] as const)),
);

/** The operations with an allowance of their own, three times the category's (the guide's special handling). */
export const CHALLENGE_ANSWERS: ReadonlySet<string> = new Set([
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
]);
