package io.cloudrig.cli;

import io.cloudrig.cli.testing.CliRig.Result;
import io.cloudrig.cli.testing.CliSession;
import io.cloudrig.cli.testing.NoSecretLeaks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cloudrig.cli.testing.CliSession.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code create --file} and {@code validate --file} accept: the whole file must be one JSON document in UTF-8,
 * a regular file of at most 64 KiB; numeric options are range-checked; a deployment name is checked before anything is
 * stored. Each refusal is one clear line (exit 1, or 2 for a bad option) and stores nothing.
 */
@ExtendWith(NoSecretLeaks.class)
class ConfigInputCliTest {
    static final String PASSWORD = NoSecretLeaks.newSecret("input");
    static final String VALID = "{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\"}";

    @TempDir
    Path home;
    CliSession cli;

    @BeforeEach
    void session() {
        cli = new CliSession(home);
    }

    private Path bytes(byte[] content) throws IOException {
        Path f = Files.createTempFile(home, "config", ".json");
        Files.write(f, content);
        return f;
    }

    /** Runs validate and create on {@code file}: both exit 1 with exactly one line on stderr naming it; nothing stored. */
    private String refusedByBoth(Path file) {
        Result validate = cli.run("deployment", "validate", "--file", file.toString());
        assertThat(validate.code).as(validate.toString()).isEqualTo(1);
        assertThat(validate.err.lines().count()).as(validate.toString()).isEqualTo(1);
        Set<String> before = cli.listedIds();
        String n = name();
        Result create = cli.run("deployment", "create", "--name", n, "--file", file.toString());
        assertThat(create.code).as(create.toString()).isEqualTo(1);
        assertThat(cli.rig().store().getByName(n)).as("nothing stored").isEmpty();
        assertThat(cli.listedIds()).isEqualTo(before);
        List<String> lines = create.err.lines().collect(Collectors.toList());
        assertThat(lines).as(create.toString()).hasSizeBetween(1, 2); // the error, and for a config error the count
        return create.err;
    }

    @Test
    void trailingGarbageAfterTheObject_isRefusedWithItsByteOffset() throws IOException {
        String err = refusedByBoth(cli.file(VALID + " trailing"));
        assertThat(err).contains("$: expected one JSON document, found more data after it at byte offset "
                + (VALID.length() + 1) + " (line 1, column " + (VALID.length() + 2) + ")");
    }

    @Test
    void twoConcatenatedDocuments_areRefused() throws IOException {
        String err = refusedByBoth(cli.file(VALID + "\n" + VALID + "\n"));
        assertThat(err).contains("found more data after it at byte offset " + (VALID.length() + 1) + " (line 2, column 1)");
    }

    @Test
    void aPropertyGivenTwice_isRefusedNamingIt() throws IOException {
        String err = refusedByBoth(cli.file("{\"type\": \"TestOnlyEngine\",\n \"resources\": 1,\n \"resources\": 2}"));
        assertThat(err).contains("$: expected each property once in an object, found 'resources' twice, the second time "
                + "at line 3");
    }

    @Test
    void aNulByte_isRefusedWithItsByteOffset() throws IOException {
        byte[] b = (VALID.substring(0, 10) + "\0" + VALID.substring(10)).getBytes(StandardCharsets.UTF_8);
        assertThat(refusedByBoth(bytes(b))).contains("holds a NUL byte at byte offset 10");
    }

    @Test
    void invalidUtf8_isRefusedWithTheByteAndItsOffset() throws IOException {
        byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
        b[20] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8 (a Latin-1 'Ã')
        assertThat(refusedByBoth(bytes(b))).contains("is not UTF-8: invalid byte 0xC3 at byte offset 20 (save it as UTF-8)");
    }

    @Test
    void utf16_withOrWithoutAByteOrderMark_isRefusedSayingSo() throws IOException {
        assertThat(refusedByBoth(bytes(VALID.getBytes(StandardCharsets.UTF_16))))
                .contains("is UTF-16 (byte order mark at byte offset 0): save it as UTF-8");
        assertThat(refusedByBoth(bytes(VALID.getBytes(StandardCharsets.UTF_16LE))))
                .contains("holds a NUL byte at byte offset 1", "it looks like UTF-16: save it as UTF-8");
    }

    @Test
    void aUtf8ByteOrderMark_isDropped() throws IOException {
        byte[] text = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[text.length + 3];
        b[0] = (byte) 0xEF;
        b[1] = (byte) 0xBB;
        b[2] = (byte) 0xBF;
        System.arraycopy(text, 0, b, 3, text.length);
        cli.ok("deployment", "validate", "--file", bytes(b).toString());
    }

    @Test
    void aTenMegabyteConfig_isRefusedBeforeReading_namingTheLimit() throws IOException {
        Path f = home.resolve("big.json");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(("{\"type\": \"TestOnlyEngine\", \"admin_password\": \"" + PASSWORD + "\", \"pad\": \"")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 160; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        String err = refusedByBoth(f);
        assertThat(err).contains("config file " + f + " is " + Files.size(f) + " bytes: the limit is 65536 bytes (64 KiB, "
                + "so that a deployment fits in one DynamoDB item of 400 KB)");
    }

    @Test
    void devZero_isRefusedAsNotARegularFile_withoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThat(refusedByBoth(zero)).contains("config file /dev/zero is not a regular file (a FIFO, socket or device)");
    }

    @Test
    @Timeout(120) // a guard only: opening a FIFO for reading blocks until a writer comes, which the CLI must not do
    void aFifo_isRefusedWithoutOpeningIt() throws Exception {
        Path fifo = home.resolve("config.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        assertThat(refusedByBoth(fifo)).contains("is not a regular file (a FIFO, socket or device)");
    }

    @Test
    void aDirectory_isRefused() {
        assertThat(refusedByBoth(home)).contains("is a directory: expected a regular file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "0", "604801", "9223372036854775807"})
    void aTimeoutOutOfRange_isAUsageError(String timeout) throws IOException {
        String n = name();
        Result r = cli.run("deployment", "create", "--name", n, "--timeout", timeout, "--file", cli.file(VALID).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("--timeout: expected a number of seconds from 1 to 604800 (7 days), found " + timeout);
        assertThat(cli.rig().store().getByName(n)).isEmpty();
        assertThat(cli.run("deployment", "destroy", "--deployment", n, "--timeout", timeout).code).isEqualTo(2);
    }

    @Test
    void aNameOf3000Characters_isOneClearUsageError() throws IOException {
        String n = "n".repeat(3000);
        Result r = cli.run("deployment", "create", "--name", n, "--file", cli.file(VALID).toString());
        assertThat(r.code).as(r.toString()).isEqualTo(2);
        assertThat(r.err.lines().count()).isEqualTo(1);
        assertThat(r.err).contains("--name: expected 1 to 255 characters", "found 3000 characters")
                .doesNotContain("ValidationError").doesNotContain("CONFLICT");
        Result show = cli.run("deployment", "show", "--deployment", n);
        assertThat(show.code).as(show.toString()).isEqualTo(2);
        assertThat(show.err).contains("which no deployment can have").doesNotContain("ValidationError");
    }
}
