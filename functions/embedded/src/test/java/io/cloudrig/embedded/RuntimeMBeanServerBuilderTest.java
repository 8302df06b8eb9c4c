package io.cloudrig.embedded;

import org.junit.jupiter.api.Test;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeMBeanServerBuilderTest {
    /** A standard MBean's interface, for registering something. */
    public interface ProbeMBean {
        int getValue();
    }

    private static StandardMBean probe() throws Exception {
        return new StandardMBean((ProbeMBean) () -> 7, ProbeMBean.class);
    }

    private static MBeanServer server() {
        return new RuntimeMBeanServerBuilder().newMBeanServer("test", null, new MBeanServerDelegate());
    }

    @Test
    void theDiagnosticCommandMBean_isLeftOut_andEveryOtherIsRegistered() throws Exception {
        MBeanServer server = server();
        ObjectName other = new ObjectName("io.cloudrig:type=Probe");

        assertThat(server.registerMBean(probe(), RuntimeMBeanServerBuilder.DIAGNOSTIC_COMMAND).getObjectName())
                .isEqualTo(RuntimeMBeanServerBuilder.DIAGNOSTIC_COMMAND);
        server.registerMBean(probe(), other);

        assertThat(server.isRegistered(RuntimeMBeanServerBuilder.DIAGNOSTIC_COMMAND)).isFalse();
        assertThat(server.getAttribute(other, "Value")).isEqualTo(7);
    }

    @Test
    void theServersOwnExceptions_reachTheCallerAsThemselves() throws Exception {
        MBeanServer server = server();
        ObjectName name = new ObjectName("io.cloudrig:type=Probe");
        server.registerMBean(probe(), name);

        assertThatThrownBy(() -> server.registerMBean(probe(), name)).isInstanceOf(InstanceAlreadyExistsException.class);
    }

    /** Run in a JVM with the runtime's options: what its platform MBean server holds. */
    public static final class PlatformProbe {
        public static void main(String[] args) throws Exception {
            MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
            System.out.println("diagnostic=" + platform.isRegistered(new ObjectName("com.sun.management:type=DiagnosticCommand"))
                    + " runtime=" + platform.isRegistered(new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME))
                    + " hotspot=" + platform.isRegistered(new ObjectName("com.sun.management:type=HotSpotDiagnostic")));
        }
    }

    @Test
    void aJvmWithTheRuntimesOptions_hasThePlatformMXBeans_butNoDiagnosticCommandMBean() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(RuntimeJvm.BASE_OPTIONS.stream().filter(o -> o.startsWith("-D")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PlatformProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("diagnostic=false runtime=true hotspot=true");
    }
}
