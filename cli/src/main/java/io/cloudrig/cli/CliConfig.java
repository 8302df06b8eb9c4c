package io.cloudrig.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the CLI finds DynamoDB and Kafka. The environment wins over {@code $CLOUDRIG_HOME/config.properties}:
 *
 * <pre>
 * CLOUDRIG_DYNAMODB_ENDPOINT  dynamodb.endpoint   e.g. http://127.0.0.1:8000 (absent: the AWS endpoint of the region)
 * CLOUDRIG_DYNAMODB_TABLE     dynamodb.table      default cloudrig
 * CLOUDRIG_REGION             region              default us-east-1
 * CLOUDRIG_KAFKA_BOOTSTRAP    kafka.bootstrap     e.g. broker1:9092
 * </pre>
 *
 * When any of them is set the CLI is in <b>external mode</b> and never starts the local runtime.
 */
public final class CliConfig {
    public static final String FILE = "config.properties";

    private final String dynamoDbEndpoint;
    private final String table;
    private final String region;
    private final String kafkaBootstrap;
    private final boolean external;

    private CliConfig(String dynamoDbEndpoint, String table, String region, String kafkaBootstrap, boolean external) {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.table = table;
        this.region = region;
        this.kafkaBootstrap = kafkaBootstrap;
        this.external = external;
    }

    public static CliConfig load(Path home, Map<String, String> env) {
        Properties file = new Properties();
        Path f = home.resolve(FILE);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f)) {
                file.load(r);
            } catch (IOException e) {
                throw new CliFailure("cannot read " + f + ": " + e.getMessage());
            }
        }
        String endpoint = pick(env, "CLOUDRIG_DYNAMODB_ENDPOINT", file, "dynamodb.endpoint");
        String table = pick(env, "CLOUDRIG_DYNAMODB_TABLE", file, "dynamodb.table");
        String region = pick(env, "CLOUDRIG_REGION", file, "region");
        String kafka = pick(env, "CLOUDRIG_KAFKA_BOOTSTRAP", file, "kafka.bootstrap");
        boolean external = endpoint != null || table != null || region != null || kafka != null;
        return new CliConfig(endpoint, table, region, kafka, external);
    }

    private static String pick(Map<String, String> env, String var, Properties file, String key) {
        String v = env.get(var);
        if (v == null || v.isBlank()) {
            v = file.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** True when DynamoDB/Kafka are configured: the local runtime is never started. */
    public boolean external() {
        return external;
    }

    public Optional<String> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint);
    }

    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(kafkaBootstrap);
    }
}
