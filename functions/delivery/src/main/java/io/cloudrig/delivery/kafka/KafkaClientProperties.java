package io.cloudrig.delivery.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Kafka client properties an operator sets for every client of cloudrig (consumer, producer, admin): how to reach the
 * brokers securely, e.g. {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512},
 * {@code sasl.jaas.config=...}, {@code ssl.truststore.location=...}, or MSK IAM ({@code sasl.mechanism=AWS_MSK_IAM}
 * with the aws-msk-iam-auth login module and callback handler). Each client gets the properties it knows; the ones
 * cloudrig sets itself (bootstrap servers, group, acks, commits, serializers) are applied after them and win.
 *
 * <p>Values may be secrets (a JAAS config with a password, key store passwords): {@link #toString()} shows the value
 * of the {@link #SHOWN} keys only and names the others; nothing else of this class prints a value.
 */
public final class KafkaClientProperties {
    public static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());
    /** Keys whose values are never secret and are shown by {@link #toString()}. */
    public static final Set<String> SHOWN = Set.of("security.protocol", "sasl.mechanism", "ssl.protocol",
            "ssl.enabled.protocols", "ssl.endpoint.identification.algorithm", "ssl.truststore.type", "ssl.keystore.type",
            "ssl.truststore.location", "ssl.keystore.location", "sasl.client.callback.handler.class",
            "sasl.login.callback.handler.class", "client.dns.lookup");
    private static final Set<String> KNOWN = known();

    private final Map<String, String> values;

    private KafkaClientProperties(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The given client properties (names without any prefix, e.g. {@code security.protocol}).
     *
     * @throws IllegalArgumentException naming the property when no Kafka client knows it, or when
     *                                  {@code security.protocol} is not one of Kafka's protocols
     */
    public static KafkaClientProperties of(Map<String, String> values) {
        Set<String> unknown = values.keySet().stream().filter(k -> !KNOWN.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Kafka client properties " + unknown + ": expected properties of the Kafka "
                    + "consumer, producer or admin client (e.g. security.protocol, sasl.mechanism, sasl.jaas.config, "
                    + "ssl.truststore.location) but no Kafka client knows these");
        }
        String protocol = values.get("security.protocol");
        if (protocol != null && !SecurityProtocol.names().contains(protocol.strip().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Kafka client property security.protocol: expected one of "
                    + SecurityProtocol.names() + " but was '" + protocol + "'");
        }
        return values.isEmpty() ? NONE : new KafkaClientProperties(values);
    }

    /** True when {@code name} is a property of the Kafka consumer, producer or admin client. */
    public static boolean isClientProperty(String name) {
        return KNOWN.contains(name);
    }

    private static Set<String> known() {
        Set<String> s = new TreeSet<>(ConsumerConfig.configNames());
        s.addAll(ProducerConfig.configNames());
        s.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(s);
    }

    /** The names set (never the values). */
    public Set<String> names() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Copies the properties {@code clientKnows} contains into {@code target} (to be overridden by cloudrig's own). */
    void applyTo(Properties target, Set<String> clientKnows) {
        values.forEach((k, v) -> {
            if (clientKnows.contains(k)) {
                target.put(k, v);
            }
        });
    }

    /** For a consumer's configuration. */
    public void applyToConsumer(Properties target) {
        applyTo(target, ConsumerConfig.configNames());
    }

    /** For a producer's configuration. */
    public void applyToProducer(Properties target) {
        applyTo(target, ProducerConfig.configNames());
    }

    /** For an admin client's configuration. */
    public void applyToAdmin(Properties target) {
        applyTo(target, AdminClientConfig.configNames());
    }

    /** E.g. {@code {sasl.jaas.config=(set), sasl.mechanism=PLAIN, security.protocol=SASL_SSL}}: no secret value. */
    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + (SHOWN.contains(e.getKey()) ? e.getValue() : "(set)"))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientProperties && ((KafkaClientProperties) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
