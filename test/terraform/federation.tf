# Federation as an app declares it: an OIDC identity provider (its endpoints given, as a team
# whose IdP publishes no discovery document does) wired to a code-flow client on the pool's
# domain (domains.tf), the provider alone in its supported_identity_providers. test/terraform.test.ts
# follows the client's authorize request with identity_provider to the IdP's authorize URL.

resource "aws_cognito_identity_provider" "partner" {
  user_pool_id  = aws_cognito_user_pool.app.id
  provider_name = "Partner"
  provider_type = "OIDC"

  provider_details = {
    client_id                     = "partner-client"
    client_secret                 = "partner-client-secret"
    attributes_request_method     = "GET"
    oidc_issuer                   = "https://partner.example.com"
    authorize_scopes              = "openid email"
    authorize_url                 = "https://partner.example.com/oauth2/authorize"
    token_url                     = "https://partner.example.com/oauth2/token"
    attributes_url                = "https://partner.example.com/oauth2/userinfo"
    jwks_uri                      = "https://partner.example.com/.well-known/jwks.json"
    attributes_url_add_attributes = "false"
  }

  attribute_mapping = {
    email    = "email"
    username = "sub"
  }
}

resource "aws_cognito_user_pool_client" "partner_app" {
  name                                 = "partner-app"
  user_pool_id                         = aws_cognito_user_pool.app.id
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = ["https://partner-app.example.com/callback"]
  supported_identity_providers         = [aws_cognito_identity_provider.partner.provider_name]

  depends_on = [aws_cognito_user_pool_domain.prefix]
}
