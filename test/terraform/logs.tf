# The log-delivery family (issue #20): the CloudWatch Logs group a pool's message-delivery errors
# go to, and the pool's SAML signing certificate. hashicorp/aws 5.x has no
# aws_cognito_log_delivery_configuration (it came in 6.x); with it, the group's ARN is its
# cloud_watch_logs_configuration.log_group_arn.

resource "aws_cloudwatch_log_group" "notifications" {
  name = "/aws/vendedlogs/cognito/app"
  tags = {
    app = "demo"
  }
}

data "aws_cognito_user_pool_signing_certificate" "saml" {
  user_pool_id = aws_cognito_user_pool.app.id
}

output "notifications_log_group_arn" {
  value = aws_cloudwatch_log_group.notifications.arn
}

output "saml_certificate_length" {
  value = length(data.aws_cognito_user_pool_signing_certificate.saml.certificate)
}
