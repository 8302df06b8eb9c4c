package io.cloudrig.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain unit test (no Quarkus): inside Lambda the Kafka binding defaults to off, elsewhere nothing is said. */
class LambdaDefaultsTest {

    @Test
    void inside_lambda_the_kafka_binding_defaults_to_off() {
        LambdaDefaults source = new LambdaDefaults(true);
        assertThat(source.getValue("cloudrig.kafka.enabled")).isEqualTo("false");
        assertThat(source.getOrdinal()).as("below application.properties (250) and env (300)").isLessThan(250);
    }

    @Test
    void outside_lambda_it_sets_nothing() {
        assertThat(new LambdaDefaults(false).getPropertyNames()).isEmpty();
    }
}
