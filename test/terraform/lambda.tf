# Lambda triggers (issue #22): every lambda_config member wired to one of the Node.js examples of
# examples/triggers/ (each zipped to triggers/<name>.zip beside this file by test/terraform.test.ts:
# the mirror holds no hashicorp/archive for archive_file), each with the permission that lets
# Cognito invoke it for its pool. Two pools: "triggered" with every trigger but the custom senders
# and PreTokenGeneration V2_0; "triggered-senders" with the custom senders, their KMS key and
# PreTokenGeneration V1_0 (the senders take over Cognito's own messages).

locals {
  trigger_examples = toset([
    "pre-sign-up",
    "post-confirmation",
    "pre-authentication",
    "post-authentication",
    "pre-token-generation-v1",
    "pre-token-generation-v2",
    "custom-message",
    "user-migration",
    "define-auth-challenge",
    "create-auth-challenge",
    "verify-auth-challenge-response",
    "custom-email-sender",
    "custom-sms-sender",
  ])
  senders_pool_triggers = toset(["pre-token-generation-v1", "custom-email-sender", "custom-sms-sender"])
}

resource "aws_iam_role" "trigger" {
  name = "cognito-trigger"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# The key Cognito encrypts the custom senders' codes with (its default key policy lets the
# account, and so Cognito acting for the pool, use it).
resource "aws_kms_key" "codes" {
  description             = "Cognito custom sender codes"
  deletion_window_in_days = 7
}

resource "aws_lambda_function" "trigger" {
  for_each         = local.trigger_examples
  function_name    = each.key
  filename         = "${path.module}/triggers/${each.key}.zip"
  source_code_hash = filebase64sha256("${path.module}/triggers/${each.key}.zip")
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  role             = aws_iam_role.trigger.arn
  timeout          = 5
  memory_size      = 128
  environment {
    variables = {
      TRUSTED_DOMAIN  = "example.com"
      BLOCKED_DOMAINS = "spam.test"
      SENDER          = "no-reply@example.com"
      TENANT          = "acme"
      KEY_ARN         = aws_kms_key.codes.arn
    }
  }
  tags = {
    app = "demo"
  }
}

resource "aws_cognito_user_pool" "triggered" {
  name                     = "triggered"
  auto_verified_attributes = ["email"]
  lambda_config {
    pre_sign_up                    = aws_lambda_function.trigger["pre-sign-up"].arn
    post_confirmation              = aws_lambda_function.trigger["post-confirmation"].arn
    pre_authentication             = aws_lambda_function.trigger["pre-authentication"].arn
    post_authentication            = aws_lambda_function.trigger["post-authentication"].arn
    custom_message                 = aws_lambda_function.trigger["custom-message"].arn
    user_migration                 = aws_lambda_function.trigger["user-migration"].arn
    define_auth_challenge          = aws_lambda_function.trigger["define-auth-challenge"].arn
    create_auth_challenge          = aws_lambda_function.trigger["create-auth-challenge"].arn
    verify_auth_challenge_response = aws_lambda_function.trigger["verify-auth-challenge-response"].arn
    pre_token_generation_config {
      lambda_arn     = aws_lambda_function.trigger["pre-token-generation-v2"].arn
      lambda_version = "V2_0"
    }
  }
}

resource "aws_cognito_user_pool" "triggered_senders" {
  name                     = "triggered-senders"
  auto_verified_attributes = ["email"]
  lambda_config {
    pre_token_generation = aws_lambda_function.trigger["pre-token-generation-v1"].arn
    kms_key_id           = aws_kms_key.codes.arn
    custom_email_sender {
      lambda_arn     = aws_lambda_function.trigger["custom-email-sender"].arn
      lambda_version = "V1_0"
    }
    custom_sms_sender {
      lambda_arn     = aws_lambda_function.trigger["custom-sms-sender"].arn
      lambda_version = "V1_0"
    }
  }
}

resource "aws_lambda_permission" "cognito" {
  for_each      = local.trigger_examples
  statement_id  = "AllowCognito"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.trigger[each.key].function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn = (contains(local.senders_pool_triggers, each.key)
    ? aws_cognito_user_pool.triggered_senders.arn
  : aws_cognito_user_pool.triggered.arn)
}

resource "aws_cognito_user_pool_client" "triggered" {
  name                = "web"
  user_pool_id        = aws_cognito_user_pool.triggered.id
  explicit_auth_flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}

resource "aws_cognito_user_pool_client" "triggered_senders" {
  name                = "web"
  user_pool_id        = aws_cognito_user_pool.triggered_senders.id
  explicit_auth_flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}

output "triggered_pool_id" {
  value = aws_cognito_user_pool.triggered.id
}

output "triggered_client_id" {
  value = aws_cognito_user_pool_client.triggered.id
}
