output "queue_urls" {
  description = "Where to publish deployment requests (createServers) and read outcomes (events)."
  value       = module.cloudrig.queue_urls
}

output "dead_letter_queue_urls" {
  description = "Where poison messages end, per queue."
  value       = module.cloudrig.dead_letter_queue_urls
}

output "function_arns" {
  description = "The four Lambda functions."
  value       = module.cloudrig.function_arns
}

output "log_group_names" {
  description = "One log group per function."
  value       = module.cloudrig.log_group_names
}

output "cli_environment" {
  description = "Export these for the cloudrig CLI to drive this deployment."
  value       = module.cloudrig.cli_environment
}

output "kms_key_arn" {
  description = "The KMS key of the secrets in the deployment store: whoever reads or writes deployments with secrets needs kms:GenerateDataKey and kms:Decrypt on it."
  value       = module.cloudrig.kms_key_arn
}
