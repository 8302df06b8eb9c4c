provider "aws" {
  region = var.region
}

variable "region" {
  description = "AWS region to deploy cloudrig into."
  type        = string
  default     = "eu-west-1"
}

module "cloudrig" {
  source = "../.."

  # built by `./mvnw -B -ntp package -DskipTests -pl functions/lambda -am` at the repository root
  lambda_zip_path = "${path.module}/../../../functions/lambda/target/function.zip"

  # A scheduled deployment: every weekday at 06:00 Berlin time, destroyed by the sweeper 10 hours later. Disabled
  # here: point config_json at your own deployment config (no secrets in it: the schedule stores it in clear).
  schedules = {
    workday-cloud = {
      expression      = "cron(0 6 ? * MON-FRI *)"
      timezone        = "Europe/Berlin"
      deployment_name = "workday-cloud"
      config_json     = file("${path.module}/../../../samples/deployments/devstack.json")
      ttl             = "10h"
      enabled         = false
    }
  }

  tags = {
    project = "cloudrig"
  }
}
