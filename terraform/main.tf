locals {
  functions = var.create ? toset(["createServers", "deployEngine", "cleanup"]) : toset([])
  # outcome events (finished, failed, destroyed, cleanup_failed) go here for observers (CLI, pipelines)
  queues = var.create ? toset(["createServers", "deployEngine", "cleanup", "events"]) : toset([])
  # every Lambda with its timeout: the three queue-fed functions plus the scheduled sweeper (stuck work, expired leases)
  lambdas = var.create ? merge(
    { for f in local.functions : f => var.lambda_timeouts_seconds[f] },
    var.sweep_schedule == null ? {} : { sweep = var.sweep_timeout_seconds },
  ) : {}
}

resource "aws_dynamodb_table" "this" {
  count = var.create ? 1 : 0

  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

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

  global_secondary_index {
    name            = "gsi1"
    hash_key        = "gsi1pk"
    range_key       = "gsi1sk"
    projection_type = "ALL"
  }

  # sparse: only deployments holding a work lease, by expiry, for the sweeper
  global_secondary_index {
    name            = "gsi2"
    hash_key        = "gsi2pk"
    range_key       = "gsi2sk"
    projection_type = "ALL"
  }

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

resource "aws_sqs_queue" "dlq" {
  for_each = local.queues

  name                      = "${var.name_prefix}-${each.key}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "this" {
  for_each = local.queues

  name                       = "${var.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.key == "events" ? 30 : 6 * lookup(var.lambda_timeouts_seconds, each.key, 30)
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
  tags = var.tags
}

resource "aws_lambda_function" "this" {
  for_each = local.lambdas

  function_name    = "${var.name_prefix}-${each.key}"
  role             = aws_iam_role.this[0].arn
  runtime          = var.lambda_runtime
  handler          = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  memory_size      = var.lambda_memory_mb
  timeout          = each.value

  environment {
    variables = {
      # one artefact, one exported function per Lambda: the SQS-record variant of each function, and the sweeper
      QUARKUS_FUNQY_EXPORT      = each.key == "sweep" ? "sweep" : "${each.key}FromSqs"
      CLOUDRIG_TRANSPORT        = "sqs"
      CLOUDRIG_DYNAMODB_TABLE   = var.table_name
      CLOUDRIG_SQS_QUEUE_PREFIX = "${var.name_prefix}-"
    }
  }

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "sqs" {
  for_each = local.functions

  event_source_arn        = aws_sqs_queue.this[each.key].arn
  function_name           = aws_lambda_function.this[each.key].arn
  batch_size              = var.batch_size
  function_response_types = ["ReportBatchItemFailures"]
}

# The sweeper: finds deployments whose step lease expired (a function died mid-step) and fails or resumes them.
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
  arn  = aws_lambda_function.this["sweep"].arn
}

resource "aws_lambda_permission" "sweep" {
  count = var.create && var.sweep_schedule != null ? 1 : 0

  statement_id  = "AllowEventBridgeSweep"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["sweep"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sweep[0].arn
}
