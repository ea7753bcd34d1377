# Threat protection as a team declares it: a pool on the Plus plan with threat protection in
# audit-only mode, a risk configuration of the pool (compromised credentials, account takeover
# actions with notifications through app.tf's SES domain, IP ranges) and one of its client. `blocked_range` is what the test changes.

variable "blocked_range" {
  type    = string
  default = "10.10.10.10/32"
}

resource "aws_cognito_user_pool" "protected" {
  name           = "protected-users"
  user_pool_tier = "PLUS"

  user_pool_add_ons {
    advanced_security_mode = "AUDIT"
  }
}

resource "aws_cognito_user_pool_client" "protected" {
  name                = "protected-web"
  user_pool_id        = aws_cognito_user_pool.protected.id
  explicit_auth_flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}

resource "aws_cognito_risk_configuration" "pool" {
  user_pool_id = aws_cognito_user_pool.protected.id

  compromised_credentials_risk_configuration {
    event_filter = ["SIGN_IN", "PASSWORD_CHANGE"]
    actions {
      event_action = "BLOCK"
    }
  }

  account_takeover_risk_configuration {
    # Notifications go through app.tf's SES domain, verified.
    notify_configuration {
      source_arn = aws_ses_domain_identity_verification.mail.arn
      from       = "security@example.com"
      reply_to   = "support@example.com"
      block_email {
        subject   = "Sign-in blocked"
        html_body = "<p>We blocked a sign-in to your account.</p>"
        text_body = "We blocked a sign-in to your account."
      }
    }
    actions {
      low_action {
        event_action = "NO_ACTION"
        notify       = false
      }
      medium_action {
        event_action = "MFA_IF_CONFIGURED"
        notify       = false
      }
      high_action {
        event_action = "BLOCK"
        notify       = false
      }
    }
  }

  risk_exception_configuration {
    blocked_ip_range_list = [var.blocked_range]
    skipped_ip_range_list = ["192.0.2.0/24"]
  }
}

resource "aws_cognito_risk_configuration" "client" {
  user_pool_id = aws_cognito_user_pool.protected.id
  client_id    = aws_cognito_user_pool_client.protected.id

  compromised_credentials_risk_configuration {
    actions {
      event_action = "NO_ACTION"
    }
  }
}
