package io.cloudrig.openstack;

import io.cloudrig.model.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OpenRcTest {
    private static final Credential ADMIN_V3 = Credential.builder().authUrl("http://127.0.0.1:5000/v3/").username("admin")
            .password("it's-Zebra-Quartz").projectName("admin").userDomainName("Default").projectDomainName("Default")
            .regionName("RegionOne").endpointType("public").permission(Credential.Permission.ADMIN).build();

    @Test
    void render_v3_exportsWhatTheOpenStackClientsRead() {
        String rc = OpenRc.render(ADMIN_V3);
        assertThat(rc).contains("export OS_AUTH_URL='http://127.0.0.1:5000/v3/'\n", "export OS_USERNAME='admin'\n",
                "export OS_PROJECT_NAME='admin'\n", "export OS_USER_DOMAIN_NAME='Default'\n",
                "export OS_PROJECT_DOMAIN_NAME='Default'\n", "export OS_IDENTITY_API_VERSION='3'\n",
                "export OS_REGION_NAME='RegionOne'\n", "export OS_INTERFACE='public'\n");
        assertThat(rc).doesNotContain("OS_INSECURE").doesNotContain("OS_CACERT");
    }

    @Test
    void render_v2_usesTenantName() {
        Credential v2 = Credential.builder().authUrl("http://h:5000/v2.0").username("admin").password("pw")
                .tenantName("demo").httpsInsecure(true).build();
        String rc = OpenRc.render(v2);
        assertThat(rc).contains("export OS_TENANT_NAME='demo'\n", "export OS_INSECURE='True'\n")
                .doesNotContain("OS_PROJECT_NAME").doesNotContain("OS_IDENTITY_API_VERSION");
    }

    @Test
    void write_createsAFileOnlyItsOwnerCanRead_andAShellSourcesItBack(@TempDir Path dir) throws Exception {
        Path file = OpenRc.write(ADMIN_V3, dir.resolve("sub/openrc"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Process p = new ProcessBuilder("sh", "-c", ". \"$1\" && env", "sh", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Map<String, String> env = new HashMap<>();
        out.lines().filter(l -> l.startsWith("OS_")).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(env).containsEntry("OS_PASSWORD", "it's-Zebra-Quartz").containsEntry("OS_USERNAME", "admin");
    }

    @Test
    void write_overExistingWorldReadableFile_tightensItTo0600(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("openrc");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OpenRc.write(ADMIN_V3, file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain("old").contains("OS_AUTH_URL");
    }
}
