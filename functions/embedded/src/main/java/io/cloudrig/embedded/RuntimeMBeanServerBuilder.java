package io.cloudrig.embedded;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The runtime's platform MBean server, without the JDK's {@code com.sun.management:type=DiagnosticCommand} MBean.
 *
 * <p>Kafka builds the platform MBean server as the broker starts (its Log4j controller and app-info MBeans), whatever
 * its settings; registering the DiagnosticCommand MBean makes the JDK describe every diagnostic command, which runs
 * JFR's help texts: 50-80 ms of CPU on the broker's thread, the longest path of the runtime's start. That MBean serves
 * diagnostic commands over remote JMX, which the runtime does not offer; {@code jcmd} on the runtime's pid goes through
 * the attach API and works as before. Named by {@code -Djavax.management.builder.initial} ({@link RuntimeJvm}).
 */
public final class RuntimeMBeanServerBuilder extends MBeanServerBuilder {
    static final ObjectName DIAGNOSTIC_COMMAND = name("com.sun.management:type=DiagnosticCommand");

    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        MBeanServer server = super.newMBeanServer(defaultDomain, outer, delegate);
        return (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(), new Class<?>[] {MBeanServer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerMBean") && DIAGNOSTIC_COMMAND.equals(args[1])) {
                        return new ObjectInstance(DIAGNOSTIC_COMMAND, args[0].getClass().getName());
                    }
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
