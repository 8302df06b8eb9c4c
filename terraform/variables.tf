variable "create" {
  description = "Whether to create any resource at all (module toggle); every output is then empty."
  type        = bool
  default     = true
}

variable "name_prefix" {
  description = "Prefix of every name: queues <prefix>-<function> (the functions' and the CLI's CLOUDRIG_SQS_QUEUE_PREFIX is this plus \"-\"), functions, roles, log groups, schedules."
  type        = string
  default     = "cloudrig"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,30}$", var.name_prefix))
    error_message = "name_prefix must start with a letter and hold 2-31 letters, digits or dashes."
  }
}

variable "table_name" {
  description = "DynamoDB table of the deployment store (single-table design); the functions get it as CLOUDRIG_DYNAMODB_TABLE."
  type        = string
  default     = "cloudrig"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.table_name))
    error_message = "table_name must hold 3-255 letters, digits, '_', '.' or '-' (DynamoDB's rule)."
  }
}

variable "table_deletion_protection" {
  description = "DynamoDB deletion protection on the store table: on, `terraform destroy` fails on the table until it is set to false and applied (the table holds every deployment's resource records)."
  type        = bool
  default     = true
}

variable "lambda_zip_path" {
  description = "Local path of the Lambda artifact (built by `./mvnw -B -ntp package -DskipTests -pl functions/lambda -am`); relative paths are relative to the directory terraform runs in. Ignored when lambda_s3 is set."
  type        = string
  default     = "functions/lambda/target/function.zip"

  validation {
    condition     = can(regex("\\.zip$", var.lambda_zip_path))
    error_message = "lambda_zip_path must point at a .zip file."
  }
}

variable "kms_key_arn" {
  description = "ARN of an existing KMS key (symmetric, ENCRYPT_DECRYPT) for the store's envelope encryption of secrets; the functions get kms:GenerateDataKey and kms:Decrypt on it, and its key policy must let this account's IAM policies grant them. null: the module creates a key with yearly rotation and the alias alias/<name_prefix>-secrets."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (a key, not an alias: IAM grants on an alias ARN do not cover the key)."
  }
}

variable "kms_key_deletion_window_days" {
  description = "Days KMS waits before deleting the secrets key the module created after `terraform destroy` (7-30); until then it can be restored, and with it the secrets of a restored table. Ignored with kms_key_arn."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_days >= 7 && var.kms_key_deletion_window_days <= 30
    error_message = "kms_key_deletion_window_days must be between 7 and 30."
  }
}

variable "lambda_s3" {
  description = "The Lambda artifact in S3 instead of a local file: bucket, key and (for a versioned bucket) object_version. null uses lambda_zip_path."
  type = object({
    bucket         = string
    key            = string
    object_version = optional(string)
  })
  default = null

  validation {
    condition     = var.lambda_s3 == null || try(length(var.lambda_s3.bucket) >= 3 && can(regex("\\.zip$", var.lambda_s3.key)), false)
    error_message = "lambda_s3 needs a bucket name (3 characters or more) and a key ending in .zip."
  }
}

variable "lambda_runtime" {
  description = "Lambda Java runtime of the JVM build (the native build is not made by this project)."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21", "java25"], var.lambda_runtime)
    error_message = "lambda_runtime must be java17, java21 or java25."
  }
}

variable "architectures" {
  description = "Instruction set of the functions: [\"x86_64\"] or [\"arm64\"] (Graviton; the artifact is plain JVM bytecode, so the same zip runs on both)."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.architectures) == 1 && alltrue([for a in var.architectures : contains(["x86_64", "arm64"], a)])
    error_message = "architectures must be exactly one of [\"x86_64\"] or [\"arm64\"]."
  }
}

variable "snap_start" {
  description = "Lambda SnapStart: each function publishes a version on change and an alias \"live\" points at it; the event source mappings and the sweeper schedule invoke the alias (SnapStart applies to published versions only)."
  type        = bool
  default     = false
}

variable "lambda_memory_mb" {
  description = "Memory of each function in MiB (also scales its CPU)."
  type        = number
  default     = 1024

  validation {
    condition     = var.lambda_memory_mb >= 512 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 512 and 10240."
  }
}

variable "lambda_timeouts_seconds" {
  description = "Timeout per function in seconds (Lambda's limit is 900). Each queue's visibility timeout is 6 times its function's (AWS's advice for SQS event sources)."
  type = object({
    createServers = optional(number, 300)
    deployEngine  = optional(number, 900)
    cleanup       = optional(number, 600)
    sweep         = optional(number, 120)
  })
  default = {}

  validation {
    condition     = alltrue([for t in values(var.lambda_timeouts_seconds) : t >= 10 && t <= 900])
    error_message = "Every Lambda timeout must be between 10 and 900 seconds."
  }
}

variable "batch_sizes" {
  description = "SQS records per invocation, per queue-fed function. The records of one batch run one after another in one invocation under one timeout, and every step may be long (creating servers, stack.sh, unstack.sh), so each defaults to 1."
  type = object({
    createServers = optional(number, 1)
    deployEngine  = optional(number, 1)
    cleanup       = optional(number, 1)
  })
  default = {}

  validation {
    condition     = alltrue([for b in values(var.batch_sizes) : b >= 1 && b <= 10])
    error_message = "Every batch size must be between 1 and 10 (standard queues without a batching window)."
  }
}

variable "max_receive_count" {
  description = "Deliveries of a message before SQS moves it to its queue's dead-letter queue (redrive)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "events_visibility_timeout_seconds" {
  description = "Visibility timeout of the outcome queue (<prefix>-events) that observers such as the CLI read; no function consumes it."
  type        = number
  default     = 30

  validation {
    condition     = var.events_visibility_timeout_seconds >= 0 && var.events_visibility_timeout_seconds <= 43200
    error_message = "events_visibility_timeout_seconds must be between 0 and 43200."
  }
}

variable "log_retention_days" {
  description = "Retention of each function's CloudWatch log group, in days (one of the values CloudWatch Logs accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "sweep_schedule" {
  description = "EventBridge schedule expression of the sweeper Lambda, which fails deployments whose step lease expired (a function died mid-step); null creates no sweeper (then nothing recovers work a crashed function left behind)."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = var.sweep_schedule == null || can(regex("^(rate|cron)\\(.+\\)$", var.sweep_schedule))
    error_message = "sweep_schedule must be an EventBridge rate(...) or cron(...) expression, or null."
  }
}

variable "schedules" {
  description = <<-EOT
    Scheduled deployments: EventBridge Scheduler sends a cloudrig.deployment.requested CloudEvent (structured JSON)
    carrying deployment_name, the config (config_json, a JSON document) and ttl to the createServers queue.
    expression: rate(...), cron(...) or at(...); timezone: an IANA name (cron and at are read in it);
    ttl: how long the deployment lives before the sweeper destroys it (e.g. "4h"), null = until destroyed.
    The schedule's input is stored by Scheduler as written, and the functions reject a request with a secret in clear
    (cloudrig.requests.require-sealed, on in AWS): put the secrets of config_json sealed ("enc:v1:..." values, as
    docs/events.md describes, bound to deployment_name under this module's KMS key) and their wrapped data key in
    sealed_data_key.
  EOT
  type = map(object({
    expression      = string
    timezone        = optional(string, "UTC")
    deployment_name = string
    config_json     = string
    ttl             = optional(string)
    sealed_data_key = optional(string)
    enabled         = optional(bool, true)
    description     = optional(string, "")
  }))
  default = {}

  validation {
    condition     = alltrue([for k, s in var.schedules : can(regex("^[a-zA-Z0-9_.-]{1,32}$", k))])
    error_message = "Every schedules key must hold 1-32 letters, digits, '_', '.' or '-' (the schedule is named <name_prefix>-<key>, at most 64 characters)."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^(rate|cron|at)\\(.+\\)$", s.expression))])
    error_message = "Every schedules[*].expression must be a rate(...), cron(...) or at(...) expression."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$", s.timezone))])
    error_message = "Every schedules[*].timezone must be an IANA time zone name such as UTC or Europe/Berlin."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$", s.deployment_name))])
    error_message = "Every schedules[*].deployment_name must hold 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(keys(jsondecode(s.config_json)))])
    error_message = "Every schedules[*].config_json must be a JSON object (the deployment config), e.g. file(\"devstack.json\") or jsonencode({...})."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : s.sealed_data_key == null || can(regex("^(kms|local):v1:", s.sealed_data_key))])
    error_message = "Every schedules[*].sealed_data_key must be null or a wrapped data key (kms:v1:...) as a sealed request carries it."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : s.ttl == null || can(regex("^[0-9]+[mhd]$", s.ttl))])
    error_message = "Every schedules[*].ttl must be null or a number of minutes, hours or days such as 90m, 4h or 2d."
  }
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}
