output "table_name" {
  description = "DynamoDB table of the deployment store."
  value       = try(aws_dynamodb_table.this[0].name, "")
}

output "table_arn" {
  description = "ARN of the deployment store table."
  value       = try(aws_dynamodb_table.this[0].arn, "")
}

output "queue_urls" {
  description = "SQS queue URL per queue: createServers, deployEngine, cleanup and events (outcomes). A pipeline publishes deployment requests to createServers and needs only sqs:SendMessage on it."
  value       = try({ for k, q in aws_sqs_queue.this : k => q.url }, {})
}

output "queue_arns" {
  description = "SQS queue ARN per queue."
  value       = try({ for k, q in aws_sqs_queue.this : k => q.arn }, {})
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queue URL per queue."
  value       = try({ for k, q in aws_sqs_queue.dlq : k => q.url }, {})
}

output "dead_letter_queue_arns" {
  description = "Dead-letter queue ARN per queue."
  value       = try({ for k, q in aws_sqs_queue.dlq : k => q.arn }, {})
}

output "function_arns" {
  description = "Lambda function ARN per function (unqualified)."
  value       = try({ for k, f in aws_lambda_function.this : k => f.arn }, {})
}

output "function_invoke_arns" {
  description = "What the queues and the sweeper invoke per function: the alias \"live\" with SnapStart, else the function."
  value       = try(local.invoke_arns, {})
}

output "role_arns" {
  description = "IAM role ARN per function."
  value       = try({ for k, r in aws_iam_role.this : k => r.arn }, {})
}

output "log_group_names" {
  description = "CloudWatch log group per function (removed by terraform destroy)."
  value       = try({ for k, g in aws_cloudwatch_log_group.this : k => g.name }, {})
}

output "schedule_arns" {
  description = "EventBridge Scheduler schedule ARN per entry of var.schedules."
  value       = try({ for k, s in aws_scheduler_schedule.this : k => s.arn }, {})
}

output "scheduler_role_arn" {
  description = "Role EventBridge Scheduler assumes to send scheduled requests (sqs:SendMessage on the createServers queue only); empty without schedules."
  value       = try(aws_iam_role.scheduler[0].arn, "")
}

output "kms_key_arn" {
  description = "The KMS key of the store's envelope encryption of secrets (CLOUDRIG_SECRETS_KMS_KEY_ID of every function): var.kms_key_arn or the key the module created; a CLI or pipeline that reads or writes deployments with secrets needs kms:GenerateDataKey and kms:Decrypt on it."
  value       = try(local.secrets_key_arn, "")
}

output "kms_key_alias" {
  description = "Alias of the key the module created (alias/<name_prefix>-secrets); empty when var.kms_key_arn names an existing key."
  value       = try(aws_kms_alias.secrets[0].name, "")
}

output "cli_environment" {
  description = "Environment for the cloudrig CLI to drive this deployment (CliConfig's keys): export each, then `cloudrig create ...`."
  value = try({
    CLOUDRIG_SQS_QUEUE_PREFIX = local.queue_prefix
    CLOUDRIG_REGION           = data.aws_region.current[0].region
    CLOUDRIG_DYNAMODB_TABLE   = aws_dynamodb_table.this[0].name
  }, {})
}
