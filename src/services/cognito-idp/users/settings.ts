// SetUserSettings and AdminSetUserSettings, the legacy way to turn on SMS MFA: "This action is no
// longer supported. You can use it to configure only SMS MFA" (API reference). A list with an SMS
// option turns the user's SMS MFA on (as SMSMfaSettings Enabled would, keeping which factor they
// prefer); an empty list turns it off. The factor shows in GetUser's MFAOptions and
// UserMFASettingList as one set by SetUserMFAPreference does.
import type { MFAOptionType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { applyPreferences } from './mfa.js';
import type { MfaSettings, User } from './store.js';

export function applyMfaOptions(user: User, options: MFAOptionType[]): MfaSettings {
  for (const o of options) {
    // AWS's text for another medium is not on record: cognate's words.
    if (o.DeliveryMedium !== 'SMS')
      throw new InvalidParameterException('Only SMS can be set as a delivery medium of MFAOptions.');
    if (o.AttributeName !== undefined && o.AttributeName !== 'phone_number')
      throw new InvalidParameterException('Only phone_number can be set as the attribute of an SMS MFA option.');
  }
  return applyPreferences(user, { SMSMfaSettings: { Enabled: options.length > 0 } });
}
