# A user pool as an application would declare it, applied by test/terraform.test.ts against cognate
# with the README's provider block: an SES domain identity verified by DNS, the IAM role Cognito
# assumes to send SMS, a pool with schema, policies, its own email sender, SMS and optional MFA, an app
# client, a group and a user in it. `min_length`, `mfa` and `stage` are what the test changes.

variable "min_length" {
  type    = number
  default = 10
}

variable "mfa" {
  type    = string
  default = "OPTIONAL"
}

variable "stage" {
  type    = string
  default = "test"
}

data "aws_caller_identity" "current" {}

locals {
  account     = data.aws_caller_identity.current.account_id
  external_id = "app-users-sms"
}

resource "aws_ses_domain_identity" "mail" {
  domain = "example.com"
}

# Waits until SES finds the _amazonses TXT record (the test publishes it in its DNS server).
resource "aws_ses_domain_identity_verification" "mail" {
  domain = aws_ses_domain_identity.mail.id
  timeouts {
    create = "3m"
  }
}

# The role of the Cognito developer guide: Cognito may assume it for this account's pools, with the
# external id, and publish SMS.
resource "aws_iam_role" "sms" {
  name = "app-users-sms"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cognito-idp.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "sts:ExternalId" = local.external_id, "aws:SourceAccount" = local.account }
        ArnLike      = { "aws:SourceArn" = "arn:aws:cognito-idp:us-east-1:${local.account}:userpool/*" }
      }
    }]
  })
}

resource "aws_iam_role_policy" "sms_publish" {
  name = "publish"
  role = aws_iam_role.sms.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }]
  })
}

resource "aws_cognito_user_pool" "app" {
  name                     = "app-users"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  deletion_protection      = "INACTIVE"

  # SMS MFA only: no software_token_mfa_configuration block.
  mfa_configuration          = var.mfa
  sms_authentication_message = "Your sign-in code is {####}"

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = var.min_length
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
    recovery_mechanism {
      name     = "verified_phone_number"
      priority = 2
    }
  }

  admin_create_user_config {
    allow_admin_create_user_only = false
    invite_message_template {
      email_subject = "Your new account"
      email_message = "Hello {username}, your temporary password is {####}"
      sms_message   = "Hello {username}, your temporary password is {####}"
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
    email_subject        = "Your verification code"
    email_message        = "Your code is {####}"
    sms_message          = "Your code is {####}"
  }

  email_configuration {
    email_sending_account  = "DEVELOPER"
    source_arn             = aws_ses_domain_identity_verification.mail.arn
    from_email_address     = "App <no-reply@example.com>"
    reply_to_email_address = "support@example.com"
  }

  sms_configuration {
    external_id    = local.external_id
    sns_caller_arn = aws_iam_role.sms.arn
    sns_region     = "us-east-1"
  }

  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  device_configuration {
    challenge_required_on_new_device      = true
    device_only_remembered_on_user_prompt = true
  }

  schema {
    name                     = "email"
    attribute_data_type      = "String"
    required                 = true
    mutable                  = true
    developer_only_attribute = false
    string_attribute_constraints {
      min_length = 0
      max_length = 2048
    }
  }

  schema {
    name                = "tenant"
    attribute_data_type = "String"
    mutable             = true
    string_attribute_constraints {
      min_length = 1
      max_length = 64
    }
  }

  schema {
    name                = "plan_level"
    attribute_data_type = "Number"
    mutable             = true
    number_attribute_constraints {
      min_value = 0
      max_value = 10
    }
  }

  tags = {
    app   = "demo"
    stage = var.stage
  }

  # Cognito checks the role's policy when the pool is created.
  depends_on = [aws_iam_role_policy.sms_publish]
}

resource "aws_cognito_user_pool_client" "web" {
  name                          = "web"
  user_pool_id                  = aws_cognito_user_pool.app.id
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  access_token_validity         = 60
  id_token_validity             = 60
  refresh_token_validity        = 30
  auth_session_validity         = 5
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
  read_attributes  = ["email", "email_verified", "custom:tenant"]
  write_attributes = ["email", "custom:tenant"]
}

resource "aws_cognito_user_group" "admins" {
  name         = "admins"
  user_pool_id = aws_cognito_user_pool.app.id
  description  = "Administrators"
  precedence   = 1
}

resource "aws_cognito_user" "alice" {
  user_pool_id   = aws_cognito_user_pool.app.id
  username       = "alice@example.com"
  message_action = "SUPPRESS"
  password       = "Correct-Horse-9"
  attributes = {
    email          = "alice@example.com"
    email_verified = true
    tenant         = "acme"
  }
}

resource "aws_cognito_user_in_group" "alice_admin" {
  user_pool_id = aws_cognito_user_pool.app.id
  group_name   = aws_cognito_user_group.admins.name
  username     = aws_cognito_user.alice.username
}

output "pool_id" {
  value = aws_cognito_user_pool.app.id
}

output "client_id" {
  value = aws_cognito_user_pool_client.web.id
}
