package io.cloudrig.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCredentialsTest {
    @TempDir
    Path home;

    @Test
    void inHome_generatesOnceIntoA0600File_andKeepsThem() throws IOException {
        LocalCredentials first = LocalCredentials.inHome(home);
        Path file = LocalCredentials.fileIn(home);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(first.accessKeyId()).startsWith("CLOUDRIG").hasSize(20);
        assertThat(first.secretAccessKey()).hasSize(40);
        LocalCredentials again = LocalCredentials.inHome(home);
        assertThat(again.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(again.secretAccessKey()).isEqualTo(first.secretAccessKey());
        assertThat(first.toString()).doesNotContain(first.secretAccessKey());
    }

    @Test
    void forLoopback_signsWithTheRuntimesCredentialsOnlyForItsEndpoint() throws IOException {
        URI runtime = URI.create("http://127.0.0.1:41001");
        AwsCredentialsProvider forRuntime = LocalCredentials.forLoopback(runtime, home);
        AwsCredentialsProvider forOther = LocalCredentials.forLoopback(URI.create("http://127.0.0.1:9324"), home);
        assertThat(forRuntime.resolveCredentials().accessKeyId()).as("no runtime yet").isEqualTo("local");

        LocalCredentials c = LocalCredentials.inHome(home).servedAt(home, runtime);
        touch(LocalCredentials.fileIn(home), 1);

        AwsCredentials signed = forRuntime.resolveCredentials();
        assertThat(signed.accessKeyId()).isEqualTo(c.accessKeyId());
        assertThat(signed.secretAccessKey()).isEqualTo(c.secretAccessKey());
        assertThat(forOther.resolveCredentials().accessKeyId()).isEqualTo("local");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalCredentials.fileIn(home))))
                .isEqualTo("rw-------");

        LocalCredentials.inHome(home).servedAt(home, URI.create("http://127.0.0.1:41002"));
        touch(LocalCredentials.fileIn(home), 2);
        assertThat(forRuntime.resolveCredentials().accessKeyId()).as("the runtime moved").isEqualTo("local");
    }

    /** A distinct modification time (two writes within the file system's clock tick look alike). */
    private static void touch(Path f, int seconds) throws IOException {
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L + seconds * 1000L));
    }

    @Test
    void home_isCloudrigHomeElseDotCloudrigInTheUsersHome() {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/someone");
        assertThat(KeyFiles.home(Map.of(), p)).isEqualTo(Path.of("/home/someone/.cloudrig"));
        assertThat(KeyFiles.home(Map.of("CLOUDRIG_HOME", "/srv/rig"), p)).isEqualTo(Path.of("/srv/rig"));
        assertThat(KeyFiles.home(Map.of("CLOUDRIG_HOME", " "), p)).isEqualTo(Path.of("/home/someone/.cloudrig"));
    }
}
