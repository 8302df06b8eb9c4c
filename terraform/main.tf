locals {
  # The Funqy function each Lambda runs (QUARKUS_FUNQY_EXPORT, read at run time): one artifact, four Lambdas. The
  # ...FromSqs functions take one SQS record each (Funqy reports a record that throws in batchItemFailures).
  function_exports = {
    createServers = "createServersFromSqs"
    deployEngine  = "deployEngineFromSqs"
    cleanup       = "cleanupFromSqs"
    sweep         = "sweep"
  }

  # The functions fed by their own queue <prefix>-<function> through an event source mapping.
  queue_functions = ["createServers", "deployEngine", "cleanup"]

  # The queues: one per queue-fed function, plus "events" for the outcomes (finished, failed, destroyed,
  # cleanup_failed) that observers (the CLI, pipelines) read and no function consumes.
  queue_names = concat(local.queue_functions, ["events"])

  # AWS: "set the source queue's visibility timeout to at least six times the timeout that you configure on your
  # function", so a batch retried after throttling is not delivered twice while it runs.
  visibility_timeout_seconds = {
    createServers = 6 * var.lambda_timeouts_seconds.createServers
    deployEngine  = 6 * var.lambda_timeouts_seconds.deployEngine
    cleanup       = 6 * var.lambda_timeouts_seconds.cleanup
    events        = var.events_visibility_timeout_seconds
  }

  lambdas = var.create ? { for f, export in local.function_exports : f => export if f != "sweep" || var.sweep_schedule != null } : {}
  queues  = var.create ? toset(local.queue_names) : toset([])
  mapped  = var.create ? toset(local.queue_functions) : toset([])

  # What the event source mappings and the sweeper rule invoke: with SnapStart the alias "live" on the published
  # version (SnapStart snapshots published versions only), else the function ($LATEST).
  invoke_arns = { for f, fn in aws_lambda_function.this : f => var.snap_start ? aws_lambda_alias.this[f].arn : fn.arn }

  queue_prefix = "${var.name_prefix}-"

  # The KMS key of the store's envelope encryption of secrets: the one given (var.kms_key_arn), else the module's own
  # (aws_kms_key.secrets); "" without resources.
  secrets_key_arn = var.create ? coalesce(var.kms_key_arn, try(aws_kms_key.secrets[0].arn, null)) : ""
}

data "aws_region" "current" {
  count = var.create ? 1 : 0
}

################################################################################
# Deployment store
################################################################################

resource "aws_dynamodb_table" "this" {
  count = var.create ? 1 : 0

  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.table_deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "gsi1pk"
    type = "S"
  }
  attribute {
    name = "gsi1sk"
    type = "S"
  }
  attribute {
    name = "gsi2pk"
    type = "S"
  }
  attribute {
    name = "gsi2sk"
    type = "N"
  }

  # deployments by parent (PARENT#{parentId|-}, createdAt#id)
  global_secondary_index {
    name            = "gsi1"
    hash_key        = "gsi1pk"
    range_key       = "gsi1sk"
    projection_type = "ALL"
  }

  # sparse: only deployments holding a work lease (LEASE, leaseExpiresAt), for the sweeper
  global_secondary_index {
    name            = "gsi2"
    hash_key        = "gsi2pk"
    range_key       = "gsi2sk"
    projection_type = "ALL"
  }

  # processed-event markers and tombstones expire after 14 days
  ttl {
    attribute_name = "ttl"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  tags = var.tags
}

################################################################################
# Secrets: the KMS key of the store's envelope encryption (credentials, server logins), rotated yearly; none is
# created when var.kms_key_arn names an existing key
################################################################################

resource "aws_kms_key" "secrets" {
  count = var.create && var.kms_key_arn == null ? 1 : 0

  description             = "cloudrig ${var.name_prefix}: envelope encryption of the secrets in the deployment store"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_days
  tags                    = var.tags
}

resource "aws_kms_alias" "secrets" {
  count = var.create && var.kms_key_arn == null ? 1 : 0

  name          = "alias/${var.name_prefix}-secrets"
  target_key_id = aws_kms_key.secrets[0].key_id
}

################################################################################
# Queues: each with a dead-letter queue that accepts redrive from it only
################################################################################

resource "aws_sqs_queue" "dlq" {
  for_each = local.queues

  name                      = "${local.queue_prefix}${each.key}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "this" {
  for_each = local.queues

  name                       = "${local.queue_prefix}${each.key}"
  visibility_timeout_seconds = local.visibility_timeout_seconds[each.key]
  sqs_managed_sse_enabled    = true
  tags                       = var.tags
}

resource "aws_sqs_queue_redrive_policy" "this" {
  for_each = local.queues

  queue_url = aws_sqs_queue.this[each.key].id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "this" {
  for_each = local.queues

  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

################################################################################
# Functions
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.lambdas

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  for_each = local.lambdas

  function_name = "${var.name_prefix}-${each.key}"
  role          = aws_iam_role.this[each.key].arn
  runtime       = var.lambda_runtime
  architectures = var.architectures
  # functions/lambda's handler: notes the invocation's end (a step hands itself on to a new invocation before it),
  # then Funqy's stream handler runs the function QUARKUS_FUNQY_EXPORT names
  handler     = "io.cloudrig.lambda.LambdaHandler::handleRequest"
  memory_size = var.lambda_memory_mb
  timeout     = var.lambda_timeouts_seconds[each.key]
  publish     = var.snap_start

  filename          = var.lambda_s3 == null ? var.lambda_zip_path : null
  source_code_hash  = var.lambda_s3 == null ? filebase64sha256(var.lambda_zip_path) : null
  s3_bucket         = try(var.lambda_s3.bucket, null)
  s3_key            = try(var.lambda_s3.key, null)
  s3_object_version = try(var.lambda_s3.object_version, null)

  dynamic "snap_start" {
    for_each = var.snap_start ? [true] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this[each.key].name
  }

  # Every function knows every function's timeout: createServers refuses at request time a config whose engine blocks
  # longer in one call than deployEngine may run (io.cloudrig.lambda.LambdaConfig reads these keys).
  environment {
    variables = {
      QUARKUS_FUNQY_EXPORT                   = local.function_exports[each.key]
      CLOUDRIG_TRANSPORT                     = "sqs"
      CLOUDRIG_DYNAMODB_TABLE                = var.table_name
      CLOUDRIG_SQS_QUEUE_PREFIX              = local.queue_prefix
      CLOUDRIG_LAMBDA_CREATE_SERVERS_TIMEOUT = var.lambda_timeouts_seconds.createServers
      CLOUDRIG_LAMBDA_DEPLOY_ENGINE_TIMEOUT  = var.lambda_timeouts_seconds.deployEngine
      CLOUDRIG_LAMBDA_CLEANUP_TIMEOUT        = var.lambda_timeouts_seconds.cleanup
      CLOUDRIG_SECRETS_KMS_KEY_ID            = local.secrets_key_arn
    }
  }

  tags = var.tags
}

resource "aws_lambda_alias" "this" {
  for_each = var.snap_start ? local.lambdas : {}

  name             = "live"
  description      = "The published version SnapStart restores from; what the queues and the sweeper rule invoke."
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version
}

resource "aws_lambda_event_source_mapping" "this" {
  for_each = local.mapped

  event_source_arn        = aws_sqs_queue.this[each.key].arn
  function_name           = local.invoke_arns[each.key]
  batch_size              = var.batch_sizes[each.key]
  function_response_types = ["ReportBatchItemFailures"]

  # Lambda checks at creation that the function's role may receive from the queue
  depends_on = [aws_iam_role_policy.this]
}

################################################################################
# Sweeper: fails deployments whose step lease expired (a function died mid-step)
################################################################################

resource "aws_cloudwatch_event_rule" "sweep" {
  count = var.create && var.sweep_schedule != null ? 1 : 0

  name                = "${var.name_prefix}-sweep"
  description         = "Runs the cloudrig sweeper so no deployment stays in a started state after a crash."
  schedule_expression = var.sweep_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "sweep" {
  count = var.create && var.sweep_schedule != null ? 1 : 0

  rule = aws_cloudwatch_event_rule.sweep[0].name
  arn  = local.invoke_arns["sweep"]
}

resource "aws_lambda_permission" "sweep" {
  count = var.create && var.sweep_schedule != null ? 1 : 0

  statement_id  = "AllowEventBridgeSweep"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["sweep"].function_name
  qualifier     = var.snap_start ? aws_lambda_alias.this["sweep"].name : null
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sweep[0].arn
}

################################################################################
# Scheduled deployments (EventBridge Scheduler -> createServers queue)
################################################################################

resource "aws_scheduler_schedule" "this" {
  for_each = var.create ? var.schedules : {}

  name                         = "${var.name_prefix}-${each.key}"
  description                  = each.value.description
  schedule_expression          = each.value.expression
  schedule_expression_timezone = each.value.timezone
  state                        = each.value.enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_sqs_queue.this["createServers"].arn
    role_arn = aws_iam_role.scheduler[0].arn

    # A CloudEvents 1.0 structured-mode event, as DeploymentEvents writes them. Its id is the schedule's ARN and
    # the time it fired (Scheduler fills in <aws.scheduler.*> when it sends), so a retried delivery of one firing
    # carries the same id and createServers dedupes it. The envelope is written out rather than jsonencode()d:
    # jsonencode escapes '<' and '>', and Scheduler would not see its placeholders any more.
    input = <<-EOT
      {"specversion":"1.0","type":"cloudrig.deployment.requested","id":"<aws.scheduler.schedule-arn>@<aws.scheduler.scheduled-time>","time":"<aws.scheduler.scheduled-time>","source":${jsonencode("/cloudrig/schedules/${each.key}")},"subject":${jsonencode(each.value.deployment_name)},"datacontenttype":"application/json","data":${jsonencode({ name = each.value.deployment_name, config = jsondecode(each.value.config_json), ttl = each.value.ttl, sealed = each.value.sealed_data_key == null ? null : { data_key = each.value.sealed_data_key } })}}
    EOT
  }
}
