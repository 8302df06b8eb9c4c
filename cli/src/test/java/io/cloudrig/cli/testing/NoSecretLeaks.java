package io.cloudrig.cli.testing;

import io.cloudrig.testkit.Await;
import io.cloudevents.CloudEvent;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.testkit.Tee;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applied to the CLI test classes: after all tests of a class, fails when any secret they used appears in anything the
 * class printed, logged or published. Scanned, from the class's first test on:
 * <ul>
 *   <li>stdout and stderr of every in-process {@code cloudrig} invocation ({@link CliRig#transcript()});</li>
 *   <li>the JVM's own {@code System.out} and {@code System.err}, teed;</li>
 *   <li>every log event: log4j2 (where slf4j goes in the CLI, with {@code io.cloudrig} raised to ALL so that the
 *       functions' INFO/DEBUG lines are scanned too; the console still shows WARN and up) and java.util.logging,
 *       messages and stack traces;</li>
 *   <li>everything published where the CLI and the functions send their CloudEvents, read back by each rig in use
 *       ({@link #scanPublished}): every record on every topic of {@link CliRig}'s broker (key, headers, value), every
 *       message {@link SqsRig} saw on its queues (attributes, body); each with the decoded event data.</li>
 * </ul>
 * The secrets are every value registered with {@link #secret} and every secret field of the shipped samples. So that a
 * broken capture cannot pass as "no leak", each channel must have captured something: a canary log line through
 * slf4j, the teed streams still in place, at least one invocation and one published event.
 */
public final class NoSecretLeaks implements BeforeAllCallback, AfterAllCallback {
    /** The shortest value looked for: a shorter one would match by chance. */
    public static final int MIN_LENGTH = 8;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Readers of what the rigs started in this JVM carry: (where, text) per record or message. */
    private static final List<Supplier<List<Map.Entry<String, String>>>> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final List<String> LOGS = new ArrayList<>();
    private static final ByteArrayOutputStream STDIO = new ByteArrayOutputStream();
    private static final String SINK = "no-secret-leaks";
    /** The topic of the canary record each scan of the broker publishes and must read back. */
    static final String CANARY_TOPIC = "no-secret-leaks-canary";
    private static PrintStream teeOut;
    private static PrintStream teeErr;
    private static boolean julInstalled;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoSecretLeaks.class);

    /** Registers {@code value} as a secret to look for; returns it. Short values would match by chance: refused. */
    public static String secret(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a secret to scan for needs 8 characters or more to be distinctive");
        }
        SECRETS.add(value);
        return value;
    }

    /** Registers a reader of published events (called by each rig once it runs); scanned after every class. */
    public static void scanPublished(Supplier<List<Map.Entry<String, String>>> reader) {
        PUBLISHED.add(reader);
    }

    /** A new distinctive secret, {@code Pw-<label>-<8 random characters>}, registered. */
    public static String newSecret(String label) {
        return secret("Pw-" + label + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Samples.secrets().forEach(NoSecretLeaks::secret);
        install();
        ExtensionContext.Store store = context.getStore(NS);
        store.put("transcript", CliRig.transcript().size());
        synchronized (LOGS) {
            store.put("logs", LOGS.size());
        }
        synchronized (STDIO) {
            store.put("stdio", STDIO.size());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        String canary = "no-secret-leaks canary " + UUID.randomUUID();
        LoggerFactory.getLogger("io.cloudrig.cli.testing.NoSecretLeaks").debug(canary);

        List<Map.Entry<String, String>> sources = new ArrayList<>();
        List<CliRig.Result> transcript = CliRig.transcript();
        int from = store.get("transcript", Integer.class);
        for (int i = from; i < transcript.size(); i++) {
            CliRig.Result r = transcript.get(i);
            sources.add(new SimpleEntry<>("stdout of 'cloudrig " + r.args + "'", r.out));
            sources.add(new SimpleEntry<>("stderr of 'cloudrig " + r.args + "'", r.err));
        }
        String logs;
        synchronized (LOGS) {
            logs = String.join("", LOGS.subList(store.get("logs", Integer.class), LOGS.size()));
        }
        sources.add(new SimpleEntry<>("the log", logs));
        synchronized (STDIO) {
            String all = STDIO.toString(StandardCharsets.UTF_8);
            sources.add(new SimpleEntry<>("System.out/System.err", all.substring(Math.min(all.length(),
                    store.get("stdio", Integer.class)))));
        }
        List<Map.Entry<String, String>> events = new ArrayList<>();
        PUBLISHED.forEach(reader -> events.addAll(reader.get()));
        sources.addAll(events);

        assertThat(SECRETS).as("secrets to look for").isNotEmpty();
        assertThat(transcript.size()).as("cloudrig invocations captured").isGreaterThan(from);
        assertThat(logs).as("log capture works (a canary logged at DEBUG through slf4j)").contains(canary);
        assertThat(System.out).as("System.out still teed").isSameAs(teeOut);
        assertThat(System.err).as("System.err still teed").isSameAs(teeErr);
        assertThat(events).as("published records read back from the broker or queues").isNotEmpty();

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> source : sources) {
            for (String secret : SECRETS) {
                int at = source.getValue().indexOf(secret);
                if (at >= 0) {
                    leaks.add(source.getKey() + ": ..." + redactedContext(source.getValue(), at, secret) + "...");
                }
            }
        }
        assertThat(leaks).as("secrets found in %d captured sources (%d published records), %d secrets looked for",
                sources.size(), events.size(), SECRETS.size()).isEmpty();
    }

    /** Where the secret was found, with every secret in it replaced. */
    private static String redactedContext(String text, int at, String secret) {
        String around = text.substring(Math.max(0, at - 80), Math.min(text.length(), at + secret.length() + 80));
        for (String s : SECRETS) {
            around = around.replace(s, "<SECRET " + s.substring(0, 3) + "...>");
        }
        return around.replace('\n', ' ');
    }

    // ------------------------------------------------------------------ capture

    private static synchronized void install() {
        installLog4j();
        if (!julInstalled) {
            java.util.logging.Logger.getLogger("").addHandler(new Handler() {
                private final SimpleFormatter format = new SimpleFormatter();

                @Override
                public void publish(LogRecord r) {
                    String line = format.format(r);
                    synchronized (LOGS) {
                        LOGS.add(line);
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            julInstalled = true;
        }
        if (System.out != teeOut) {
            teeOut = Tee.of(System.out, STDIO);
            System.setOut(teeOut);
        }
        if (System.err != teeErr) {
            teeErr = Tee.of(System.err, STDIO);
            System.setErr(teeErr);
        }
    }

    /** Adds the capturing appender to the current log4j2 configuration (again, if it was reconfigured). */
    private static void installLog4j() {
        LoggerContext lc = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = lc.getConfiguration();
        if (cfg.getAppender(SINK) != null) {
            return;
        }
        Appender sink = new AbstractAppender(SINK, null,
                PatternLayout.newBuilder().withPattern("%level %c [%t] %m%n%ex").build(), false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String line = ((PatternLayout) getLayout()).toSerializable(event);
                synchronized (LOGS) {
                    LOGS.add(line);
                }
            }
        };
        sink.start();
        cfg.addAppender(sink);
        cfg.getRootLogger().addAppender(sink, Level.ALL, null);
        LoggerConfig cloudrig = cfg.getLoggerConfig("io.cloudrig");
        if (!"io.cloudrig".equals(cloudrig.getName())) {
            cloudrig = new LoggerConfig("io.cloudrig", Level.ALL, false);
            cfg.addLogger("io.cloudrig", cloudrig);
        }
        // everything of ours into the capture; the console keeps showing WARN and up only
        cloudrig.setLevel(Level.ALL);
        cloudrig.setAdditive(false);
        cloudrig.addAppender(sink, Level.ALL, null);
        for (Appender a : cfg.getRootLogger().getAppenders().values()) {
            if (a != sink) {
                cloudrig.addAppender(a, Level.WARN, null);
            }
        }
        lc.updateLoggers();
    }

    /** Every record of every (non-internal) topic on the broker, as text: key, headers, value, decoded event data. */
    static List<Map.Entry<String, String>> publishedRecords(KafkaBroker broker) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Map<String, Object> client = new HashMap<>(broker.clientProperties());
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a record of its own first: the scan must read it back, so it is never vacuous (a class may publish nothing)
        String canary = "no-secret-leaks canary " + UUID.randomUUID();
        try (Admin admin = Admin.create(client);
             KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            if (!admin.listTopics().names().get().contains(CANARY_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(CANARY_TOPIC, 1, (short) 1))).all().get();
            }
            producer.send(new ProducerRecord<>(CANARY_TOPIC, canary)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot publish the scan's canary record", e);
        }
        try (Admin admin = Admin.create(client);
             KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                for (PartitionInfo info : c.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
            Await.until("read every published record", Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new SimpleEntry<>("record " + r.topic() + "-" + r.partition() + "@" + r.offset(), text(r)));
                }
                return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot list the broker's topics", e);
        }
        if (out.stream().noneMatch(e -> e.getValue().contains(canary))) {
            throw new IllegalStateException("the scan of the published records did not read back its own canary record");
        }
        return out;
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        StringBuilder sb = new StringBuilder("key=").append(r.key()).append('\n');
        for (Header h : r.headers()) {
            sb.append(h.key()).append('=').append(utf8(h.value())).append('\n');
        }
        return sb.append(withDecodedEvent(r.value())).toString();
    }

    /** The value as text, then, if it is one of our CloudEvents, its decoded data and extensions. */
    static String withDecodedEvent(byte[] value) {
        StringBuilder sb = new StringBuilder(utf8(value)).append('\n');
        try {
            CloudEvent e = DeploymentEvents.parse(value);
            sb.append(utf8(e.getData().toBytes())).append('\n');
            for (String name : e.getExtensionNames()) {
                sb.append(name).append('=').append(e.getExtension(name)).append('\n');
            }
        } catch (RuntimeException notOneOfOurs) {
            // poison records are scanned as raw bytes only
        }
        return sb.toString();
    }

    private static String utf8(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
