package io.cloudrig.embedded;

import io.cloudrig.delivery.kafka.KafkaClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalKafkaUserTest {
    @TempDir
    Path home;

    @Test
    void inHome_generatesOnceIntoA0600KafkaClientConfigurationFile_andKeepsIt() throws IOException {
        LocalKafkaUser first = LocalKafkaUser.inHome(home);
        Path file = LocalKafkaUser.fileIn(home);

        assertThat(file).isEqualTo(home.resolve("keys/local-kafka.properties"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file)));
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
        assertThat(p.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(p.getProperty("sasl.jaas.config"))
                .matches("org\\.apache\\.kafka\\.common\\.security\\.plain\\.PlainLoginModule required "
                        + "username=\"cloudrig\" password=\"[A-Za-z0-9]{40}\";");
        String content = Files.readString(file);
        LocalKafkaUser.inHome(home);
        assertThat(Files.readString(file)).as("kept").isEqualTo(content);
        assertThat(LocalKafkaUser.clientOf(home)).isEqualTo(first.clientProperties());
        assertThat(first.username()).isEqualTo("cloudrig");
    }

    @Test
    void nothingItPrints_holdsThePassword() throws IOException {
        LocalKafkaUser user = LocalKafkaUser.inHome(home);
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(LocalKafkaUser.fileIn(home))));
        String password = p.getProperty("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1");

        assertThat(user.toString()).doesNotContain(password).contains("cloudrig");
        assertThat(user.clientProperties().toString()).doesNotContain(password).contains("SASL_PLAINTEXT");
    }

    @Test
    void clientOf_aHomeWithoutTheFile_isNoSecurity_andADamagedFileIsAnErrorNamingItAndWhatItExpects() throws IOException {
        assertThat(LocalKafkaUser.clientOf(home)).isEqualTo(KafkaClientProperties.NONE);

        Files.createDirectories(LocalKafkaUser.fileIn(home).getParent());
        Files.writeString(LocalKafkaUser.fileIn(home), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");
        assertThatThrownBy(() -> LocalKafkaUser.clientOf(home)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(LocalKafkaUser.fileIn(home).toString())
                .hasMessageContaining("expected sasl.mechanism=PLAIN and a sasl.jaas.config with username=\"...\" "
                        + "password=\"...\" but found no such sasl.jaas.config");
    }
}
