package io.cloudrig.providers.virsh;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A fresh libvirt {@code test} driver hypervisor from {@code virsh/node.xml}: its state lives in this one connection,
 * so the provider is handed {@link #sessions()} that share it. Close it to drop everything.
 */
final class VirshTestNode implements AutoCloseable {
    final String uri;
    final Connect connect;

    private VirshTestNode(String uri, Connect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    static VirshTestNode open() {
        String uri = "test://" + nodeXml();
        try {
            return new VirshTestNode(uri, new Connect(uri, false));
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot open " + uri + " (is libvirt0 installed?)", e);
        }
    }

    static Path nodeXml() {
        try {
            return Path.of(VirshTestNode.class.getResource("/virsh/node.xml").toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sessions over this node's connection (closing them leaves it open). */
    Supplier<LibvirtSession> sessions() {
        return () -> LibvirtSession.shared(connect, uri);
    }

    /** Names of every domain, running or defined, that a provider made (prefix {@code cloudrig-} minus templates). */
    TreeSet<String> cloneNames() {
        TreeSet<String> names = new TreeSet<>();
        for (String n : allNames()) {
            if (n.startsWith("cloudrig-") && !n.startsWith("cloudrig-template")) {
                names.add(n);
            }
        }
        return names;
    }

    List<String> runningNames() {
        try {
            List<String> out = new ArrayList<>();
            for (int id : connect.listDomains()) {
                out.add(connect.domainLookupByID(id).getName());
            }
            return out;
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> allNames() {
        try {
            List<String> out = new ArrayList<>(runningNames());
            out.addAll(List.of(connect.listDefinedDomains()));
            return out;
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // test teardown
        }
    }
}
