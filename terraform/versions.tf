terraform {
  # optional() object attributes need 1.3; 1.5.7 is the last MPL-licensed release and what the standard modules require
  required_version = ">= 1.5.7"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.20 is the first provider that accepts the java25 Lambda runtime (its runtime list comes from the AWS SDK)
      version = ">= 6.20"
    }
  }
}
