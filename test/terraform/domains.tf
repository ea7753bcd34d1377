# The pool's domains (a prefix domain and a custom domain with its certificate), a resource server
# with custom scopes, and an app client that allows one of them, for test/terraform.test.ts. cognate
# has no ACM: any certificate ARN of us-east-1 in the account is taken as issued.

resource "aws_cognito_user_pool_domain" "prefix" {
  domain       = "app-users-login"
  user_pool_id = aws_cognito_user_pool.app.id
}

resource "aws_cognito_user_pool_domain" "custom" {
  domain          = "auth.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:${local.account}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  user_pool_id    = aws_cognito_user_pool.app.id
}

resource "aws_cognito_resource_server" "orders" {
  identifier   = "https://api.example.com"
  name         = "Orders API"
  user_pool_id = aws_cognito_user_pool.app.id

  scope {
    scope_name        = "orders.read"
    scope_description = "Read orders"
  }

  scope {
    scope_name        = "orders.write"
    scope_description = "Write orders"
  }
}

resource "aws_cognito_user_pool_client" "orders_web" {
  name                                 = "orders-web"
  user_pool_id                         = aws_cognito_user_pool.app.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "https://api.example.com/orders.read"]
  callback_urls                        = ["https://app.example.com/callback"]
  supported_identity_providers         = ["COGNITO"]

  # The scope must exist when the client is made.
  depends_on = [aws_cognito_resource_server.orders]
}
