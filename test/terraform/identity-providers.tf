# Identity providers of the pool in app.tf, as teams declare them, and a client that signs in
# through them. Cognito fills in provider details it derives and a username mapping; the
# configurations below declare those values, as users of hashicorp/aws 5.x do against AWS
# (the provider's own acceptance tests declare Google's derived keys), so the plan is empty.

resource "aws_cognito_identity_provider" "google" {
  user_pool_id  = aws_cognito_user_pool.app.id
  provider_name = "Google"
  provider_type = "Google"

  provider_details = {
    client_id                     = "1example23456789.apps.googleusercontent.com"
    client_secret                 = "google-client-secret"
    authorize_scopes              = "email profile openid"
    attributes_url                = "https://people.googleapis.com/v1/people/me?personFields="
    attributes_url_add_attributes = "true"
    authorize_url                 = "https://accounts.google.com/o/oauth2/v2/auth"
    oidc_issuer                   = "https://accounts.google.com"
    token_request_method          = "POST"
    token_url                     = "https://www.googleapis.com/oauth2/v4/token"
  }
}

resource "aws_cognito_identity_provider" "corp" {
  user_pool_id    = aws_cognito_user_pool.app.id
  provider_name   = "Corp"
  provider_type   = "OIDC"
  idp_identifiers = ["corp.example.com"]

  provider_details = {
    client_id                     = "corp-client"
    client_secret                 = "corp-client-secret"
    attributes_request_method     = "GET"
    oidc_issuer                   = "https://auth.example.com"
    authorize_scopes              = "openid profile email"
    authorize_url                 = "https://auth.example.com/authorize"
    token_url                     = "https://auth.example.com/token"
    attributes_url                = "https://auth.example.com/userInfo"
    jwks_uri                      = "https://auth.example.com/.well-known/jwks.json"
    attributes_url_add_attributes = "false"
  }

  attribute_mapping = {
    email    = "email"
    username = "sub"
  }
}

resource "aws_cognito_identity_provider" "okta" {
  user_pool_id  = aws_cognito_user_pool.app.id
  provider_name = "Okta"
  provider_type = "SAML"

  provider_details = {
    MetadataFile          = <<-XML
      <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://okta.example.com">
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
          <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://okta.example.com/sso/saml"/>
        </md:IDPSSODescriptor>
      </md:EntityDescriptor>
    XML
    SSORedirectBindingURI = "https://okta.example.com/sso/saml"
  }

  attribute_mapping = {
    email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
  }
}

resource "aws_cognito_user_pool_client" "federated" {
  name                         = "federated"
  user_pool_id                 = aws_cognito_user_pool.app.id
  supported_identity_providers = ["COGNITO", aws_cognito_identity_provider.google.provider_name, aws_cognito_identity_provider.corp.provider_name, aws_cognito_identity_provider.okta.provider_name]
  callback_urls                = ["https://app.example.com/callback"]
  allowed_oauth_flows          = ["code"]
  allowed_oauth_scopes         = ["openid", "email"]

  allowed_oauth_flows_user_pool_client = true
}
