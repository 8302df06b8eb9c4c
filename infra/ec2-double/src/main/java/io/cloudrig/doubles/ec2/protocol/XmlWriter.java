package io.cloudrig.doubles.ec2.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes EC2's XML responses.
 *
 * <p>A success is {@code <ActionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>..</requestId>
 * ...members...</ActionResponse>}; lists are a wrapper element of {@code <item>}s ({@code <instancesSet><item>});
 * timestamps are ISO 8601 UTC with milliseconds. An error is
 * {@code <Response><Errors><Error><Code>..</Code><Message>..</Message></Error></Errors><RequestID>..</RequestID>
 * </Response>}. Sources: the response examples on each action's page of the EC2 API reference and "Error codes for
 * the Amazon EC2 API" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html#api-error-response);
 * element names checked against the SDK 2.42.14 model's location names.
 */
public final class XmlWriter {
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter() {
    }

    /** Starts the response of {@code action} with its {@code requestId}. */
    public static XmlWriter response(String action, String requestId) {
        XmlWriter w = new XmlWriter();
        w.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        w.open.push(action + "Response");
        w.value("requestId", requestId);
        return w;
    }

    /** The whole error document for one error. */
    public static String error(String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + escape(code)
                + "</Code><Message>" + escape(message) + "</Message></Error></Errors><RequestID>" + escape(requestId)
                + "</RequestID></Response>";
    }

    public XmlWriter open(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter close() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}; nothing when {@code value} is null. */
    public XmlWriter value(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant i ? TIMESTAMP.format(i) : String.valueOf(value);
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /** {@code <name><item>..</item>...</name>}, each item written by {@code item}. */
    public <T> XmlWriter items(String name, Collection<T> items, BiConsumer<XmlWriter, T> item) {
        open(name);
        for (T t : items) {
            open("item");
            item.accept(this, t);
            close();
        }
        return close();
    }

    /** A {@code tagSet} of key/value items. */
    public XmlWriter tagSet(Map<String, String> tags) {
        return items("tagSet", tags.entrySet(), (w, e) -> w.value("key", e.getKey()).value("value", e.getValue()));
    }

    /** Closes every open element and returns the document. */
    public String finish() {
        while (!open.isEmpty()) {
            close();
        }
        return out.toString();
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Escapes text content (the only attribute written is the fixed namespace). */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
