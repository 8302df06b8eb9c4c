variable "create" {
  description = "Whether to create any resource at all (module toggle)."
  type        = bool
  default     = true
}

variable "name_prefix" {
  description = "Prefix for every resource name (queues, functions, table, role)."
  type        = string
  default     = "cloudrig"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,30}$", var.name_prefix))
    error_message = "name_prefix must start with a letter and hold 2-31 letters, digits or dashes."
  }
}

variable "table_name" {
  description = "DynamoDB table holding deployments, resource records and processed-event markers (single-table design; must match cloudrig.dynamodb.table)."
  type        = string
  default     = "cloudrig"
}

variable "lambda_zip_path" {
  description = "Path to the Quarkus Lambda artefact (functions/app/target/function.zip from `./mvnw -pl functions/app -am package`)."
  type        = string

  validation {
    condition     = can(regex("\\.zip$", var.lambda_zip_path))
    error_message = "lambda_zip_path must point at a .zip file."
  }
}

variable "lambda_runtime" {
  description = "Lambda runtime for the JVM build (native images are not built by this project)."
  type        = string
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.lambda_runtime)
    error_message = "lambda_runtime must be java17 or java21."
  }
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
  description = "Timeout per function in seconds; deployEngine runs stack.sh and needs the most."
  type = object({
    createServers = number
    deployEngine  = number
    cleanup       = number
  })
  default = {
    createServers = 300
    deployEngine  = 900
    cleanup       = 600
  }

  validation {
    condition     = alltrue([for t in values(var.lambda_timeouts_seconds) : t >= 10 && t <= 900])
    error_message = "Every Lambda timeout must be between 10 and 900 seconds."
  }
}

variable "max_receive_count" {
  description = "Deliveries of a message before SQS moves it to the function's dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 1 and 1000."
  }
}

variable "batch_size" {
  description = "SQS messages per Lambda invocation (partial batch failures are reported per message)."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10
    error_message = "batch_size must be between 1 and 10 (standard queues without a batching window)."
  }
}

variable "sweep_schedule" {
  description = "EventBridge schedule expression for the sweeper Lambda that fails or resumes deployments whose step lease expired; null disables it (then nothing recovers work a crashed function left behind)."
  type        = string
  default     = "rate(1 minute)"

  validation {
    condition     = var.sweep_schedule == null || can(regex("^(rate|cron)\\(.+\\)$", var.sweep_schedule))
    error_message = "sweep_schedule must be an EventBridge rate(...) or cron(...) expression, or null."
  }
}

variable "sweep_timeout_seconds" {
  description = "Timeout of the sweeper Lambda in seconds."
  type        = number
  default     = 120

  validation {
    condition     = var.sweep_timeout_seconds >= 10 && var.sweep_timeout_seconds <= 900
    error_message = "sweep_timeout_seconds must be between 10 and 900."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
