package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeInfoTest {
    @TempDir
    Path home;

    @Test
    void read_returnsWhatTheRuntimeWrote() {
        RuntimeInfo info = new RuntimeInfo(4242, "http://127.0.0.1:35411", "127.0.0.1:33895",
                Instant.parse("2026-12-02T10:20:35.595966963Z"), 1302);
        info.write(home);

        assertThat(RuntimeInfo.read(home)).contains(info);
    }

    @Test
    void flatObject_unescapesStrings_andKeepsNumbersAsWritten() {
        Map<String, String> o = RuntimeInfo.flatObject(
                " { \"a\" : \"x\\\"y\\\\z\\/\\n\\u00e9\", \"n\": -12.5e3 ,\"empty\":\"\" } ");

        assertThat(o).containsExactly(Map.entry("a", "x\"y\\z/\né"), Map.entry("n", "-12.5e3"), Map.entry("empty", ""));
        assertThat(RuntimeInfo.flatObject("{}")).isEmpty();
    }

    @Test
    void flatObject_refusesWhatRuntimeJsonNeverHolds() {
        assertThatThrownBy(() -> RuntimeInfo.flatObject("{\"a\": {\"b\": 1}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuntimeInfo.flatObject("{\"a\": \"open")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuntimeInfo.flatObject("{\"a\": 1} x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_ofAMissingOrDamagedFile_isEmpty() throws IOException {
        assertThat(RuntimeInfo.read(home)).isEmpty();
        Files.writeString(home.resolve(RuntimeInfo.FILE), "{\"pid\": 12, \"dynamodb_endpoint\": ");
        assertThat(RuntimeInfo.read(home)).isEmpty();
        Files.writeString(home.resolve(RuntimeInfo.FILE), "{\"pid\": 12}");
        assertThat(RuntimeInfo.read(home)).as("members missing").isEmpty();
    }
}
