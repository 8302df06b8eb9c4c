output "table_name" {
  description = "DynamoDB table of the deployment store."
  value       = try(aws_dynamodb_table.this[0].name, "")
}

output "queue_urls" {
  description = "SQS queue URL per function (and 'events' for outcomes); publish deployment requests to createServers."
  value       = { for k, q in aws_sqs_queue.this : k => q.url }
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queue URL per queue."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.url }
}

output "function_arns" {
  description = "Lambda ARN per function."
  value       = { for k, f in aws_lambda_function.this : k => f.arn }
}
