package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * External mode on a Kafka that wants SASL ({@link CliRig}'s broker takes one PLAIN user): the CLI reaches it with the
 * client properties file of {@code CLOUDRIG_KAFKA_CONFIG / kafka.config}, as Kafka's own tools do; a file that is
 * missing, names a property no client knows, or comes without the brokers is one line naming the setting, and never a
 * value of it.
 */
@ExtendWith(NoSecretLeaks.class)
class KafkaClientConfigCliTest {
    static final String JAAS_PASSWORD = NoSecretLeaks.newSecret("jaas");

    @TempDir
    Path home;

    private Path config(CliSession cli) {
        return cli.file("{\"type\": \"TestOnlyEngine\", \"auth_url\": \"http://keystone.test:5000/v3\", "
                + "\"admin_password\": \"" + NoSecretLeaks.newSecret("kcfg") + "\"}");
    }

    private Map<String, String> env(String key, String value) {
        Map<String, String> env = new HashMap<>(CliRig.get().env(home));
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return env;
    }

    @Test
    void create_reachesABrokerThatWantsSasl_throughTheClientPropertiesFile() {
        CliSession cli = new CliSession(home);
        String n = name();

        cli.create(n, config(cli)); // waits for deploy->finished: the request went through the SASL listener

        assertThat(CliRig.get().env(home)).containsKey("CLOUDRIG_KAFKA_CONFIG");
        assertThat(CliRig.get().broker().secured()).isTrue();
        assertThat(CliRig.get().store().getByName(n)).isPresent();
    }

    @Test
    void kafkaConfigWithoutBootstrap_exits1NamingBothSettings() {
        Result r = CliRig.runWith(CliEnv.builder().env(env("CLOUDRIG_KAFKA_BOOTSTRAP", null)), "deployment", "list");

        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("CLOUDRIG_KAFKA_CONFIG / kafka.config is set").contains("CLOUDRIG_KAFKA_BOOTSTRAP");
    }

    @Test
    void aMissingFile_failsThePublish_namingTheSettingAndTheFile_andStoresNothing() {
        Path missing = home.resolve("no-such-client.properties");
        String n = name();

        Result r = CliRig.runWith(CliEnv.builder().env(env("CLOUDRIG_KAFKA_CONFIG", missing.toString())), "deployment",
                "create", "--name", n, "--file", config(new CliSession(home)).toString());

        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("CLOUDRIG_KAFKA_CONFIG / kafka.config").contains(missing.toString());
        assertThat(CliRig.get().store().getByName(n)).as("nothing kept of a create that could not publish").isEmpty();
    }

    @Test
    void aPropertyNoClientKnows_isNamed_butNoValueOfTheFile() throws IOException {
        Path file = home.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechansim=PLAIN\nsasl.jaas.config="
                + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                + JAAS_PASSWORD + "\";\n");
        Result r = CliRig.runWith(CliEnv.builder().env(env("CLOUDRIG_KAFKA_CONFIG", file.toString())), "deployment",
                "create", "--name", name(), "--file", config(new CliSession(home)).toString());

        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("CLOUDRIG_KAFKA_CONFIG / kafka.config").contains(file.toString())
                .contains("[sasl.mechansim]").doesNotContain(JAAS_PASSWORD);
    }
}
