package io.cloudrig.cli;

import java.util.Map;
import java.util.Properties;

/**
 * The settings of external mode: each an environment variable, which wins, and its {@code config.properties} key.
 * Any one set puts the CLI in external mode ({@link CliConfig}); the launcher's client ({@code CommandClient}) checks
 * the same ones before it hands a verb to the local runtime. JDK classes only: the client loads this.
 */
public enum ExternalSetting {
    DYNAMODB_ENDPOINT("CLOUDRIG_DYNAMODB_ENDPOINT", "dynamodb.endpoint"),
    DYNAMODB_TABLE("CLOUDRIG_DYNAMODB_TABLE", "dynamodb.table"),
    REGION("CLOUDRIG_REGION", "region"),
    KAFKA_BOOTSTRAP("CLOUDRIG_KAFKA_BOOTSTRAP", "kafka.bootstrap"),
    KAFKA_CONFIG("CLOUDRIG_KAFKA_CONFIG", "kafka.config"),
    SQS_QUEUE_PREFIX("CLOUDRIG_SQS_QUEUE_PREFIX", "sqs.queue_prefix"),
    SQS_ENDPOINT("CLOUDRIG_SQS_ENDPOINT", "sqs.endpoint");

    private final String variable;
    private final String key;

    ExternalSetting(String variable, String key) {
        this.variable = variable;
        this.key = key;
    }

    /** The environment variable. */
    public String variable() {
        return variable;
    }

    /** {@code VARIABLE / key}, as errors name a setting. */
    public String named() {
        return variable + " / " + key;
    }

    /** Its value, trimmed: the environment's when set and not blank, else the file's; null when neither. */
    public String in(Map<String, String> env, Properties file) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            v = file.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
