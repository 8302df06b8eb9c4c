package io.cloudrig.cli.channel;

import io.cloudrig.embedded.RuntimeJvm;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.LocalServices;
import io.cloudrig.cli.Main;
import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.embedded.LocalRuntime;
import io.cloudrig.embedded.RuntimeAttachment;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.EventPublisher;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command channel's server, in the local runtime process ({@link RuntimeAttachment}, registered in this jar's
 * {@code META-INF/services}): a Unix-domain socket {@code $CLOUDRIG_HOME/runtime.sock} (mode 0600 in the 0700 home; a
 * peer of another user is refused by its credentials), one thread per client, each running {@link Main#run} as a
 * {@link ServedCommand} with the runtime's own store and publisher. See docs/design/embedded-runtime.md.
 */
public final class CommandServer implements RuntimeAttachment {
    private Listener listener;
    private CommandPublisher publisher;

    @Override
    public AutoCloseable start(Path home, LocalRuntime runtime) throws IOException {
        publisher = new CommandPublisher(runtime.kafkaBootstrap(), runtime.kafkaClient());
        listener = Listener.open(home, new LocalServices(runtime.store(), publisher), BuildId.of(RuntimeJvm.cliClassPath()), publisher);
        return listener;
    }

    /** Runs a {@code deployment list} (output dropped) and makes the commands' producer while no one waits for them. */
    @Override
    public void warmUp() {
        listener.warmUp(publisher);
    }

    /** The runtime's publisher for commands: one Kafka producer, made on first use (or by the warm-up). */
    static final class CommandPublisher implements EventPublisher, AutoCloseable {
        private final String bootstrap;
        private final KafkaClientProperties client;
        private KafkaPublisher kafka;
        private boolean closed;

        CommandPublisher(String bootstrap, KafkaClientProperties client) {
            this.bootstrap = bootstrap;
            this.client = client;
        }

        synchronized KafkaPublisher kafka() {
            if (closed) {
                throw new IllegalStateException("the runtime is stopping");
            }
            if (kafka == null) {
                kafka = new KafkaPublisher(KafkaPublisher.Settings.of(bootstrap, "cloudrig-commands").withAttempts(1)
                        .withClientProperties(client));
            }
            return kafka;
        }

        @Override
        public void publish(CloudEvent event) {
            kafka().publish(event);
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (kafka != null) {
                kafka.close();
                kafka = null;
            }
        }
    }

    /** The socket, its accepting thread and the commands running. */
    static final class Listener implements AutoCloseable {
        private final Path home;
        private final Path socket;
        private final ServerSocketChannel server;
        private final LocalServices services;
        private final String buildId;
        private final AutoCloseable publisher;
        private final UserPrincipal self;
        private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
        private final AtomicInteger count = new AtomicInteger();
        private volatile boolean closed;

        private Listener(Path home, ServerSocketChannel server, LocalServices services, String buildId,
                         AutoCloseable publisher) throws IOException {
            this.home = home;
            this.socket = Frames.socket(home);
            this.server = server;
            this.services = services;
            this.buildId = buildId;
            this.publisher = publisher;
            this.self = home.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        }

        static Listener open(Path home, LocalServices services, String buildId, AutoCloseable publisher) throws IOException {
            Path socket = Frames.socket(home);
            // a socket file left by a runtime that was killed: this process owns the home (it holds the runtime lock)
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                Listener l = new Listener(home, server, services, buildId, publisher);
                Thread accept = new Thread(l::accept, "cloudrig-commands-accept");
                accept.setDaemon(true);
                accept.start();
                System.err.println("cloudrig runtime: serving commands on " + socket);
                return l;
            } catch (IOException | RuntimeException e) {
                server.close();
                Files.deleteIfExists(socket);
                throw e;
            }
        }

        private void accept() {
            while (!closed) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!closed) {
                        System.err.println("cloudrig runtime: command channel: " + e);
                    }
                    return;
                }
                if (!sameUser(ch)) {
                    closeQuietly(ch);
                    continue;
                }
                open.add(ch);
                Thread t = new Thread(() -> {
                    try {
                        new ServedCommand(ch, home, services, buildId).run();
                    } finally {
                        open.remove(ch);
                        closeQuietly(ch);
                    }
                }, "cloudrig-command-" + count.incrementAndGet());
                t.setDaemon(true);
                t.start();
            }
        }

        /** Whether the peer runs as this process's user (its credentials, as the kernel gives them). */
        private boolean sameUser(SocketChannel ch) {
            try {
                UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
                if (peer.user().equals(self)) {
                    return true;
                }
                System.err.println("cloudrig runtime: command channel: refused a client of user " + peer.user().getName());
                return false;
            } catch (IOException | UnsupportedOperationException e) {
                // no peer credentials on this system: the socket's mode (0600) and the home's (0700) keep others out
                return true;
            }
        }

        /**
         * Loads and initialises the command classes, the store's query path (on both ends: the SDK's and DynamoDB
         * Local's) and the producer while no one waits for them: a {@code deployment list} whose output goes nowhere.
         */
        void warmUp(CommandPublisher publisher) {
            OutputStream nowhere = OutputStream.nullOutputStream();
            Main.run(CliEnv.builder().env(System.getenv()).home(home).out(new PrintStream(nowhere))
                    .err(new PrintStream(nowhere)).local(services).build(), "deployment", "list");
            publisher.kafka();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            try {
                server.close();
                for (SocketChannel ch : open) {
                    closeQuietly(ch); // the command's thread is interrupted: its client sees it end
                }
            } finally {
                Files.deleteIfExists(socket);
                try {
                    publisher.close();
                } catch (Exception e) {
                    System.err.println("cloudrig runtime: command channel: closing the publisher: " + e);
                }
            }
        }

        @Override
        public String toString() {
            return "the command channel on " + socket;
        }

        private static void closeQuietly(SocketChannel ch) {
            try {
                ch.close();
            } catch (IOException e) {
                // gone anyway
            }
        }
    }
}
