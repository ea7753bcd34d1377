# Managed login and the OAuth 2.0 endpoints as an app declares them: a client of the code flow with
# PKCE (no secret), its callback and sign-out URLs and scopes, on the pool's prefix domain
# (domains.tf); and a machine client of the client_credentials grant with a resource server's
# scope. test/terraform.test.ts then signs nothing in but follows /oauth2/authorize to the sign-in
# page and takes a client_credentials token, on the domain Terraform made.

resource "aws_cognito_user_pool_client" "spa" {
  name                                 = "spa"
  user_pool_id                         = aws_cognito_user_pool.app.id
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]
  callback_urls                        = ["https://app.example.com/callback", "http://localhost:3000/callback"]
  logout_urls                          = ["https://app.example.com/signed-out"]
  default_redirect_uri                 = "https://app.example.com/callback"
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true

  depends_on = [aws_cognito_user_pool_domain.prefix]
}

resource "aws_cognito_user_pool_client" "machine" {
  name                                 = "machine"
  user_pool_id                         = aws_cognito_user_pool.app.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = ["https://api.example.com/orders.read", "https://api.example.com/orders.write"]
  supported_identity_providers         = ["COGNITO"]

  depends_on = [aws_cognito_resource_server.orders]
}
