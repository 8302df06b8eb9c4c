package io.cloudrig.cli;

/**
 * The settings of external mode, each an environment variable and its {@code config.properties} key: {@link CliConfig}
 * reads them, and the launcher's client ({@code channel.CommandClient}) looks for them before it hands a command to the
 * local runtime. JDK classes only: the client loads this.
 */
public enum ExternalSetting {
    DYNAMODB_ENDPOINT("CLOUDRIG_DYNAMODB_ENDPOINT", "dynamodb.endpoint"),
    DYNAMODB_TABLE("CLOUDRIG_DYNAMODB_TABLE", "dynamodb.table"),
    REGION("CLOUDRIG_REGION", "region"),
    KAFKA_BOOTSTRAP("CLOUDRIG_KAFKA_BOOTSTRAP", "kafka.bootstrap"),
    SQS_QUEUE_PREFIX("CLOUDRIG_SQS_QUEUE_PREFIX", "sqs.queue_prefix"),
    SQS_ENDPOINT("CLOUDRIG_SQS_ENDPOINT", "sqs.endpoint");

    private final String variable;
    private final String key;

    ExternalSetting(String variable, String key) {
        this.variable = variable;
        this.key = key;
    }

    /** The environment variable, which wins over the key. */
    public String variable() {
        return variable;
    }

    /** The key in {@code $CLOUDRIG_HOME/config.properties}. */
    public String key() {
        return key;
    }
}
