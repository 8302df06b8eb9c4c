package io.cloudrig.providers.virsh;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInterface;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The provider's only door to libvirt: one connection, operations by domain name, every {@link LibvirtException}
 * translated here (see {@link LibvirtErrors}). "No such domain" is an answer ({@link Optional#empty()}, {@code false}),
 * not an error. Thread-safe (libvirt connections are). Methods are overridable so that tests can inject failures.
 */
public class LibvirtSession implements AutoCloseable {
    /** libvirt prints every error to stderr unless a callback is set; we report errors ourselves. Strongly held for JNA. */
    private static final ErrorCallback QUIET = new ErrorCallback();
    private static volatile boolean quieted;

    /** VIR_DOMAIN_XML_INACTIVE: the persistent definition. VIR_DOMAIN_XML_SECURE is not asked for: no VNC passwords. */
    private static final int XML_INACTIVE = 2;

    private final Connect connect;
    private final String uri;
    private final boolean owned;

    protected LibvirtSession(Connect connect, String uri, boolean owned) {
        this.connect = connect;
        this.uri = uri;
        this.owned = owned;
    }

    /** Opens a read-write connection to {@code uri}; {@link #close()} closes it. */
    public static LibvirtSession open(String uri) {
        quiet();
        try {
            return new LibvirtSession(new Connect(uri, false), uri, true);
        } catch (LibvirtException e) {
            throw LibvirtErrors.connectFailed(e, uri);
        }
    }

    /**
     * A session over a connection the caller keeps open ({@link #close()} leaves it open). The {@code test} driver
     * keeps its state per connection, so create and destroy must share one.
     */
    public static LibvirtSession shared(Connect connect, String uri) {
        quiet();
        return new LibvirtSession(connect, uri, false);
    }

    private static void quiet() {
        if (!quieted) {
            try {
                Connect.setErrorCallback(QUIET);
            } catch (LibvirtException | RuntimeException | LinkageError e) {
                // only cosmetics: libvirt will print its errors to stderr as well
            }
            quieted = true;
        }
    }

    public String uri() {
        return uri;
    }

    /** The XML of the template domain (inactive definition, so that runtime details are left out). */
    public String domainXml(String name) {
        try {
            return lookupOrThrow(name).getXMLDesc(XML_INACTIVE);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "read XML", name);
        }
    }

    /** The UUID of the domain called {@code name}, or empty when there is none. */
    public Optional<String> uuidOf(String name) {
        try {
            return lookup(name).map(d -> {
                try {
                    return d.getUUIDString();
                } catch (LibvirtException e) {
                    if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        return null;
                    }
                    throw LibvirtErrors.translate(e, "read UUID", name);
                }
            });
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "look up", name);
        }
    }

    /** Defines a persistent domain from {@code xml} (whose name is {@code name}); returns its UUID. */
    public String define(String name, String xml) {
        try {
            return connect.domainDefineXML(xml).getUUIDString();
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "define", name);
        }
    }

    public boolean isActive(String name) {
        try {
            return lookupOrThrow(name).isActive() == 1;
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "read activity", name);
        }
    }

    public void start(String name) {
        try {
            lookupOrThrow(name).create();
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID) && isActive(name)) {
                return; // started by a concurrent attempt
            }
            throw LibvirtErrors.translate(e, "start", name);
        }
    }

    public ServerState state(String name) {
        try {
            return DomainStates.toServerState(lookupOrThrow(name).getInfo().state);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "read state", name);
        }
    }

    /**
     * The addresses libvirt knows for the domain's interfaces from {@code source}, IPv4 first, loopback and link-local
     * left out; empty when there are none yet (including a guest agent that does not answer yet).
     */
    public List<InetAddress> addresses(String name, IpSource source) {
        try {
            Collection<DomainInterface> ifaces = lookupOrThrow(name).interfaceAddresses(source.libvirtSource(), 0);
            List<InetAddress> v4 = new ArrayList<>();
            List<InetAddress> v6 = new ArrayList<>();
            for (DomainInterface i : ifaces) {
                if (i.addrs == null) {
                    continue;
                }
                for (DomainInterface.InterfaceAddress a : i.addrs) {
                    InetAddress ip = a.address;
                    if (ip == null || ip.isLoopbackAddress() || ip.isLinkLocalAddress()) {
                        continue;
                    }
                    (ip instanceof Inet4Address ? v4 : v6).add(ip);
                }
            }
            v4.addAll(v6);
            return v4;
        } catch (LibvirtException e) {
            ErrorNumber n = LibvirtErrors.number(e);
            if (n == ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE || n == ErrorNumber.VIR_ERR_AGENT_UNSYNCED) {
                return List.of();
            }
            throw LibvirtErrors.translate(e, "read " + source + " addresses", name);
        }
    }

    /** Powers the domain off if it runs; false when there is no such domain. */
    public boolean destroyIfRunning(String name) {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isEmpty()) {
                return false;
            }
            if (d.get().isActive() == 1) {
                d.get().destroy();
            }
            return true;
        } catch (LibvirtException e) {
            ErrorNumber n = LibvirtErrors.number(e);
            if (n == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return false;
            }
            if (n == ErrorNumber.VIR_ERR_OPERATION_INVALID) {
                return true; // stopped meanwhile
            }
            throw LibvirtErrors.translate(e, "destroy", name);
        }
    }

    /** Removes the domain's definition (with managed-save image and snapshot metadata); false when already gone. */
    public boolean undefine(String name) {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isEmpty()) {
                return false;
            }
            d.get().undefine(Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA);
            return true;
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return false;
            }
            throw LibvirtErrors.translate(e, "undefine", name);
        }
    }

    private Optional<Domain> lookup(String name) throws LibvirtException {
        try {
            return Optional.of(connect.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (LibvirtErrors.is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Domain lookupOrThrow(String name) throws LibvirtException {
        return lookup(name).orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED,
                VirshProviderFactory.NAME + ": domain '" + name + "' not found on " + uri));
    }

    @Override
    public void close() {
        if (owned) {
            try {
                connect.close();
            } catch (LibvirtException e) {
                // closing is best effort; nothing leaks on the hypervisor side
            }
        }
    }
}
