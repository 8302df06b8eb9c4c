package io.cloudrig.functions;

import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.smallrye.config.EnvConfigSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kafka client configuration of the service, under {@code kafka.*} as the Kafka documentation names it:
 * {@code kafka.bootstrap.servers}, and any other consumer, producer or admin client property
 * ({@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config},
 * {@code kafka.ssl.truststore.location}, ...), also as environment variables ({@code KAFKA_SASL_JAAS_CONFIG}). They
 * reach every Kafka client of the service (the runner's consumer, the publisher, the health check's admin client);
 * the settings cloudrig makes itself (group, commits, acks, serializers) win. A {@code kafka.*} key no Kafka client
 * knows fails start-up, naming it (an environment variable {@code KAFKA_*} that is no client property, such as
 * {@code KAFKA_HOME}, is not ours and is ignored). Values are never logged: {@link #describe()} shows the protocol and
 * mechanism and only names the rest.
 */
@ApplicationScoped
public class KafkaSettings {
    static final String PREFIX = "kafka.";
    private static final String ENV_PREFIX = "KAFKA_";
    private static final String BOOTSTRAP = "bootstrap.servers";

    @Inject
    Config config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaClientProperties client;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Every {@code kafka.*} client property but the bootstrap servers. */
    public synchronized KafkaClientProperties client() {
        if (client == null) {
            client = read();
        }
        return client;
    }

    private KafkaClientProperties read() {
        Map<String, String> values = new TreeMap<>();
        TreeSet<String> unknown = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            boolean environment = isEnvironment(source);
            for (String name : source.getPropertyNames()) {
                String property;
                if (name.startsWith(ENV_PREFIX)) {
                    property = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                } else if (name.startsWith(PREFIX)) {
                    property = name.substring(PREFIX.length());
                } else {
                    continue;
                }
                if (!KafkaClientProperties.isClientProperty(property)) {
                    if (!environment) {
                        unknown.add(name);
                    }
                    continue;
                }
                if (!property.equals(BOOTSTRAP)) {
                    config.getOptionalValue(PREFIX + property, String.class).ifPresent(v -> values.put(property, v));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("configuration " + unknown + ": expected kafka.<property> of the Kafka "
                    + "consumer, producer or admin client (e.g. kafka.security.protocol, kafka.sasl.mechanism, "
                    + "kafka.sasl.jaas.config, kafka.ssl.truststore.location) but no Kafka client knows these");
        }
        return KafkaClientProperties.of(values);
    }

    /** The process environment: its {@code KAFKA_*} variables may belong to something else ({@code KAFKA_HOME}). */
    private static boolean isEnvironment(ConfigSource source) {
        return source instanceof EnvConfigSource || source.getName() != null && source.getName().startsWith("EnvConfigSource");
    }

    /** The brokers and the security settings, without a secret: for the start-up log. */
    public String describe() {
        KafkaClientProperties c = client();
        return "brokers " + bootstrapServers + (c.isEmpty() ? " (PLAINTEXT, no client properties)" : " with " + c);
    }
}
