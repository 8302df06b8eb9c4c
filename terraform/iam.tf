# One role per function, granting exactly what that function's code calls, on its own resources. Derived from the
# code (and checked against the HCL by src-test/as-deployed's TerraformWiringTest, which keeps the expected sets):
#
# DynamoDB (DynamoDbDeploymentStore; a TransactWriteItems is authorised per item as PutItem/UpdateItem/DeleteItem,
# and the store makes no ConditionCheck item; DescribeTable/CreateTable/Scan run only against local endpoints):
#   every step:     processedEvent, get, wasDeleted -> GetItem; markEventProcessed -> PutItem; claims, heartbeat
#                   (renewLease), transitions, hand-over -> UpdateItem
#   plugin ledger:  the ResourceLedger a step hands its plugins (createServers: provider; deployEngine: engine;
#                   cleanup: engine and providers): find -> GetItem, begin -> PutItem + UpdateItem, created/deleting ->
#                   UpdateItem, forget -> DeleteItem + UpdateItem, list -> Query on the table
#   deployEngine:   sub-deployments: getByName -> GetItem, create -> PutItem (x2); listChildren -> Query on gsi1
#   cleanup:        listChildren -> Query on gsi1; delete -> DeleteItem (x2) + PutItem (tombstone)
#   sweep:          findExpiredLeases/findLeasesHeldBy -> Query on gsi2; transition, clearLease -> UpdateItem;
#                   failParent -> GetItem
# SQS (SqsEvents): GetQueueUrl + SendMessage on each queue the function publishes to (the queue of the consumer of
#   each event type it emits, SqsQueues.queueFor), SendMessage on its own DLQ (poison records) and GetQueueUrl +
#   DeleteMessage on its own queue (a poison record is deleted once dead-lettered); the event source mapping needs
#   ReceiveMessage, DeleteMessage and GetQueueAttributes on the function's own queue. No right on any DLQ but
#   SendMessage to its own.
#   createServers emits servers_created (deployEngine), destroy_requested (cleanup), outcomes (events), its
#                 continuation (createServers)
#   deployEngine  emits requested for sub-deployments (createServers), children_finished (deployEngine),
#                 destroy_requested (cleanup), outcomes (events)
#   cleanup       emits requested on recreate (createServers), destroy_requested for children/parent (cleanup),
#                 outcomes (events)
#   sweep         emits failed/cleanup_failed (events), destroy_requested (cleanup)
#   Every step function publishes the continuation of a step that outlives its invocation to its own queue
#   (create_servers_continued, deploy_engine_continued, cleanup_continued).
# KMS: GenerateDataKey + Decrypt on the secrets key (local.secrets_key_arn: var.kms_key_arn or the module's own key),
#   nothing else and on no other key, for the store's envelope encryption of the secrets it writes and reads (every
#   function reads deployments; the sweeper too, when it fails one).
# Logs: CreateLogStream + PutLogEvents on the function's own log group (which Terraform creates: no CreateLogGroup).

data "aws_iam_policy_document" "assume" {
  count = var.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "create_servers" {
  count = var.create ? 1 : 0

  statement {
    sid       = "Store"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.this[0].arn]
  }

  statement {
    sid     = "Publish"
    actions = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [
      aws_sqs_queue.this["createServers"].arn,
      aws_sqs_queue.this["deployEngine"].arn,
      aws_sqs_queue.this["cleanup"].arn,
      aws_sqs_queue.this["events"].arn,
    ]
  }

  statement {
    sid       = "Consume"
    actions   = ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.this["createServers"].arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq["createServers"].arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [local.secrets_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this["createServers"].arn}:*"]
  }
}

data "aws_iam_policy_document" "deploy_engine" {
  count = var.create ? 1 : 0

  statement {
    sid       = "Store"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.this[0].arn]
  }

  statement {
    sid       = "Children"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.this[0].arn}/index/gsi1"]
  }

  statement {
    sid     = "Publish"
    actions = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [
      aws_sqs_queue.this["createServers"].arn,
      aws_sqs_queue.this["deployEngine"].arn,
      aws_sqs_queue.this["cleanup"].arn,
      aws_sqs_queue.this["events"].arn,
    ]
  }

  statement {
    sid       = "Consume"
    actions   = ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.this["deployEngine"].arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq["deployEngine"].arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [local.secrets_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this["deployEngine"].arn}:*"]
  }
}

data "aws_iam_policy_document" "cleanup" {
  count = var.create ? 1 : 0

  statement {
    sid       = "Store"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.this[0].arn]
  }

  statement {
    sid       = "Children"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.this[0].arn}/index/gsi1"]
  }

  statement {
    sid     = "Publish"
    actions = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [
      aws_sqs_queue.this["createServers"].arn,
      aws_sqs_queue.this["cleanup"].arn,
      aws_sqs_queue.this["events"].arn,
    ]
  }

  statement {
    sid       = "Consume"
    actions   = ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.this["cleanup"].arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq["cleanup"].arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [local.secrets_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this["cleanup"].arn}:*"]
  }
}

data "aws_iam_policy_document" "sweep" {
  count = var.create && var.sweep_schedule != null ? 1 : 0

  # GetItem: read a deployment; UpdateItem: fail an expired lease, renew or clear a lease, postpone an expiry, count a
  # progress line; PutItem: the progress line itself (what the sweeper did, shown by the CLI); DeleteItem: clear the
  # expiry item of a deployment it requested the destroy of (or that is gone)
  statement {
    sid       = "Store"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.this[0].arn]
  }

  # expired leases, leases held by the announcer or the requester, expiries due: all on the lease index
  statement {
    sid       = "Leases"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.this[0].arn}/index/gsi2"]
  }

  # createServers: a request a crashed publisher never sent; cleanup: destroys of expired deployments and of the
  # children of a failed parent; events: the outcomes
  statement {
    sid     = "Publish"
    actions = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [
      aws_sqs_queue.this["createServers"].arn,
      aws_sqs_queue.this["cleanup"].arn,
      aws_sqs_queue.this["events"].arn,
    ]
  }

  statement {
    sid       = "Secrets"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [local.secrets_key_arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this["sweep"].arn}:*"]
  }
}

locals {
  # each function's policy document (one() is null for a document not created)
  function_policies = {
    createServers = one(data.aws_iam_policy_document.create_servers[*].json)
    deployEngine  = one(data.aws_iam_policy_document.deploy_engine[*].json)
    cleanup       = one(data.aws_iam_policy_document.cleanup[*].json)
    sweep         = one(data.aws_iam_policy_document.sweep[*].json)
  }
}

resource "aws_iam_role" "this" {
  for_each = local.lambdas

  name               = "${var.name_prefix}-${each.key}"
  description        = "cloudrig ${each.key} function: its store operations, its queues and its own log group."
  assume_role_policy = data.aws_iam_policy_document.assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = local.lambdas

  name   = "${var.name_prefix}-${each.key}"
  role   = aws_iam_role.this[each.key].id
  policy = local.function_policies[each.key]
}

################################################################################
# EventBridge Scheduler: may send to the createServers queue, nothing else
################################################################################

data "aws_caller_identity" "current" {
  count = var.create && length(var.schedules) > 0 ? 1 : 0
}

data "aws_iam_policy_document" "scheduler_assume" {
  count = var.create && length(var.schedules) > 0 ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    # confused-deputy guard: only schedules of this account assume the role
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current[0].account_id]
    }
  }
}

data "aws_iam_policy_document" "scheduler" {
  count = var.create && length(var.schedules) > 0 ? 1 : 0

  statement {
    sid       = "RequestDeployments"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this["createServers"].arn]
  }
}

resource "aws_iam_role" "scheduler" {
  count = var.create && length(var.schedules) > 0 ? 1 : 0

  name               = "${var.name_prefix}-scheduler"
  description        = "EventBridge Scheduler sending scheduled cloudrig deployment requests to the createServers queue."
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  count = var.create && length(var.schedules) > 0 ? 1 : 0

  name   = "${var.name_prefix}-scheduler"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler[0].json
}
