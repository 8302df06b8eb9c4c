package io.cloudrig.cli;

import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.cloudrig.model.events.SqsQueues;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the CLI finds DynamoDB and the functions (Kafka, or the SQS queues of the Lambda deployment). The environment
 * wins over {@code $CLOUDRIG_HOME/config.properties}:
 *
 * <pre>
 * CLOUDRIG_DYNAMODB_ENDPOINT  dynamodb.endpoint   e.g. http://127.0.0.1:8000 (absent: the AWS endpoint of the region)
 * CLOUDRIG_DYNAMODB_TABLE     dynamodb.table      default cloudrig
 * CLOUDRIG_REGION             region              default us-east-1
 * CLOUDRIG_KAFKA_BOOTSTRAP    kafka.bootstrap     e.g. broker1:9092
 * CLOUDRIG_KAFKA_CONFIG       kafka.config        a Kafka client properties file (TLS, SASL), as Kafka's tools take
 * CLOUDRIG_SQS_QUEUE_PREFIX   sqs.queue_prefix    e.g. cloudrig- (terraform's name_prefix + "-"; default cloudrig-)
 * CLOUDRIG_SQS_ENDPOINT       sqs.endpoint        e.g. http://127.0.0.1:9324 (absent: the AWS endpoint of the region)
 * </pre>
 *
 * When any of them is set the CLI is in <b>external mode</b> and never starts the local runtime. Events go to Kafka
 * when {@code CLOUDRIG_KAFKA_BOOTSTRAP} is set, to SQS when either SQS key is; both at once is an error. The Kafka
 * client properties file ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config},
 * {@code ssl.truststore.location}, ...) is read when the CLI publishes; its values are never printed.
 */
public final class CliConfig {
    public static final String FILE = "config.properties";
    /** Every environment variable that configures external mode (the local runtime is then never used). */
    public static final java.util.List<String> VARIABLES =
            java.util.Arrays.stream(ExternalSetting.values()).map(ExternalSetting::variable).toList();
    /** What SQS allows in a queue name (the prefix is the start of one). */
    private static final Pattern QUEUE_NAME_CHARS = Pattern.compile("[A-Za-z0-9_-]+");

    private final String dynamoDbEndpoint;
    private final String table;
    private final String region;
    private final String kafkaBootstrap;
    private final Path kafkaConfig;
    private final String sqsQueuePrefix;
    private final String sqsEndpoint;
    private final boolean external;

    private CliConfig(String dynamoDbEndpoint, String table, String region, String kafkaBootstrap, Path kafkaConfig,
                      String sqsQueuePrefix, String sqsEndpoint) {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.table = table;
        this.region = region;
        this.kafkaBootstrap = kafkaBootstrap;
        this.kafkaConfig = kafkaConfig;
        this.sqsQueuePrefix = sqsQueuePrefix;
        this.sqsEndpoint = sqsEndpoint;
        this.external = dynamoDbEndpoint != null || table != null || region != null || kafkaBootstrap != null
                || kafkaConfig != null || sqsQueuePrefix != null || sqsEndpoint != null;
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
        String endpoint = ExternalSetting.DYNAMODB_ENDPOINT.in(env, file);
        String table = ExternalSetting.DYNAMODB_TABLE.in(env, file);
        String region = ExternalSetting.REGION.in(env, file);
        String kafka = ExternalSetting.KAFKA_BOOTSTRAP.in(env, file);
        String kafkaConfig = ExternalSetting.KAFKA_CONFIG.in(env, file);
        if (kafkaConfig != null && kafka == null) {
            throw new CliFailure(ExternalSetting.KAFKA_CONFIG.named() + " is set ('" + kafkaConfig + "') but "
                    + ExternalSetting.KAFKA_BOOTSTRAP.named() + " is not: expected both (the brokers, and how to reach "
                    + "them), in the environment or " + f);
        }
        String sqsPrefix = ExternalSetting.SQS_QUEUE_PREFIX.in(env, file);
        String sqsEndpoint = ExternalSetting.SQS_ENDPOINT.in(env, file);
        if (kafka != null && (sqsPrefix != null || sqsEndpoint != null)) {
            throw new CliFailure("both Kafka (" + ExternalSetting.KAFKA_BOOTSTRAP.named() + ") and SQS ("
                    + (sqsPrefix != null ? ExternalSetting.SQS_QUEUE_PREFIX : ExternalSetting.SQS_ENDPOINT).named()
                    + ") are configured (environment, then " + f + "): the functions listen on one of them; "
                    + "remove the other");
        }
        if (sqsPrefix != null && !QUEUE_NAME_CHARS.matcher(sqsPrefix).matches()) {
            throw new CliFailure(ExternalSetting.SQS_QUEUE_PREFIX.named() + ": expected letters, digits, '-' or '_' "
                    + "(the start of an SQS queue name, e.g. cloudrig-) but found '" + sqsPrefix + "'");
        }
        return new CliConfig(endpoint, table, region, kafka, kafkaConfig == null ? null : home.resolve(kafkaConfig),
                sqsPrefix, sqsEndpoint);
    }

    /** True when DynamoDB, Kafka or SQS are configured: the local runtime is never started. */
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

    /**
     * The Kafka client properties of {@code kafka.config}, read now; none when it is not set.
     *
     * @throws CliFailure naming the setting and the file when it cannot be read or names a property no Kafka client
     *                    knows (the error names properties, never values)
     */
    public KafkaClientProperties kafkaClient() {
        if (kafkaConfig == null) {
            return KafkaClientProperties.NONE;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(kafkaConfig)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(ExternalSetting.KAFKA_CONFIG.named() + ": cannot read the Kafka client properties file "
                    + kafkaConfig + ": " + e);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        values.remove("bootstrap.servers"); // the brokers are kafka.bootstrap's
        try {
            return KafkaClientProperties.of(values);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExternalSetting.KAFKA_CONFIG.named() + " (" + kafkaConfig + "): " + e.getMessage());
        }
    }

    /** True when events go to the SQS queues of the Lambda deployment (an SQS key is set). */
    public boolean sqs() {
        return sqsQueuePrefix != null || sqsEndpoint != null;
    }

    /** The queue name prefix; default {@link SqsQueues#DEFAULT_PREFIX} (terraform's default name_prefix + "-"). */
    public String sqsQueuePrefix() {
        return sqsQueuePrefix != null ? sqsQueuePrefix : SqsQueues.DEFAULT_PREFIX;
    }

    public Optional<String> sqsEndpoint() {
        return Optional.ofNullable(sqsEndpoint);
    }
}
