// Threat protection's tables (migration 015): risk configurations of a pool and of its app clients,
// and the auth events a pool with threat protection on records. Times are epoch milliseconds.

export interface RiskConfigurationRow {
  pool_id: string;
  /** '' for the pool's own configuration, else the app client it overrides the pool's for */
  client_id: string;
  /** the stored RiskConfigurationType members (CompromisedCredentials..., AccountTakeover..., RiskException...), JSON */
  config: string;
  updated_at: number;
}

export interface AuthEventRow {
  pool_id: string;
  event_id: string;
  /** the user the event is about */
  sub: string;
  created_at: number;
  /** SignIn | SignUp | ForgotPassword | PasswordChange | ResendCode */
  event_type: string;
  /** Pass | Fail | InProgress */
  response: string;
  /** EventRiskType, JSON */
  risk: string;
  /** ChallengeResponseType[], JSON */
  challenges: string;
  /** EventContextDataType, JSON, or null when the request gave none */
  context: string | null;
  /** EventFeedbackType members, set by (Admin)UpdateAuthEventFeedback */
  feedback_value: string | null;
  feedback_provider: string | null;
  feedback_at: number | null;
}
