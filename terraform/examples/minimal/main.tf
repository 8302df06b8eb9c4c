provider "aws" {
  region = "eu-west-1"
}

module "cloudrig" {
  source = "../.."

  lambda_zip_path = "${path.module}/../../../functions/app/target/function.zip"
  tags = {
    project = "cloudrig"
  }
}

output "queue_urls" {
  description = "Where to publish deployment requests."
  value       = module.cloudrig.queue_urls
}
