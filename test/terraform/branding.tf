# The look of the pool's hosted UI (classic) pages, applied by test/terraform.test.ts beside app.tf:
# the pool's default (ALL) with CSS and a logo, and the web client's own CSS. The pool needs a domain
# first, so the pool id is taken from its domain (domains.tf), as the provider's documentation does.

resource "aws_cognito_user_pool_ui_customization" "all" {
  user_pool_id = aws_cognito_user_pool_domain.prefix.user_pool_id
  css          = ".label-customizable {font-weight: 400;}\n.submitButton-customizable:hover {background-color: #286090;}"
  # A 1×1 PNG.
  image_file = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
}

resource "aws_cognito_user_pool_ui_customization" "web" {
  user_pool_id = aws_cognito_user_pool_domain.prefix.user_pool_id
  client_id    = aws_cognito_user_pool_client.web.id
  css          = ".banner-customizable {background-color: lightgray;}"
}
