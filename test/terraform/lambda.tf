# Lambda triggers (issue #22): a function from a zip (trigger.zip, written beside this file by
# test/terraform.test.ts: the mirror holds no hashicorp/archive for archive_file), the permission
# that lets Cognito invoke it for one pool, and that pool's lambda_config.

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

resource "aws_lambda_function" "pre_sign_up" {
  function_name    = "pre-sign-up"
  filename         = "${path.module}/trigger.zip"
  source_code_hash = filebase64sha256("${path.module}/trigger.zip")
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  role             = aws_iam_role.trigger.arn
  timeout          = 5
  memory_size      = 128
  environment {
    variables = {
      ALLOWED_DOMAIN = "example.com"
    }
  }
  tags = {
    app = "demo"
  }
}

resource "aws_cognito_user_pool" "triggered" {
  name = "triggered"
  lambda_config {
    pre_sign_up = aws_lambda_function.pre_sign_up.arn
  }
}

resource "aws_lambda_permission" "cognito_pre_sign_up" {
  statement_id  = "AllowCognitoPreSignUp"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.pre_sign_up.function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.triggered.arn
}

resource "aws_cognito_user_pool_client" "triggered" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.triggered.id
}

output "triggered_pool_id" {
  value = aws_cognito_user_pool.triggered.id
}

output "triggered_client_id" {
  value = aws_cognito_user_pool_client.triggered.id
}
