package io.cloudrig.functions;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code kafka.*} keys and {@code KAFKA_*} variables become client properties, and what is said about them. */
class KafkaSettingsTest {
    private static final String PASSWORD = "Scram-Pass-3862";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cloudrig\" "
            + "password=\"" + PASSWORD + "\";";

    private static KafkaSettings settings(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 250), new EnvConfigSource(env, 300)).build();
        KafkaSettings s = new KafkaSettings();
        s.config = config;
        s.bootstrapServers = config.getValue("kafka.bootstrap.servers", String.class);
        return s;
    }

    @Test
    void kafkaKeysAndKafkaVariables_becomeClientProperties_andTheDescriptionShowsNoSecret() {
        KafkaSettings s = settings(Map.of("kafka.bootstrap.servers", "b1:9096", "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512"), Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS, "KAFKA_HOME", "/opt/kafka"));

        assertThat(s.client().names()).containsExactlyInAnyOrder("security.protocol", "sasl.mechanism", "sasl.jaas.config");
        assertThat(s.describe()).contains("b1:9096").contains("security.protocol=SASL_SSL")
                .contains("sasl.mechanism=SCRAM-SHA-512").contains("sasl.jaas.config=(set)").doesNotContain(PASSWORD);
        assertThat(s.client().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aKafkaKeyNoClientKnows_failsNamingIt() {
        KafkaSettings s = settings(Map.of("kafka.bootstrap.servers", "b1:9092", "kafka.sasl.jaas.confg", JAAS), Map.of());

        assertThatThrownBy(s::client).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.sasl.jaas.confg").hasMessageNotContaining(PASSWORD);
    }
}
