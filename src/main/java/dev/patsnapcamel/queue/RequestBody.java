package dev.patsnapcamel.queue;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;

/**
 * The body of a queue request, read from the JMS message itself: a text or a bytes message, never an
 * object message's body (which would be Java deserialization), at most {@code maxMessageBytes} (a bytes
 * message's length is checked before it is read). What is refused keeps an empty body and says why.
 *
 * @param original as received (for the dead-letter queue)
 * @param bytes    for the intake
 * @param problem  why it is refused, or null
 */
record RequestBody(Object original, byte[] bytes, String problem) {

    /** The body of the message, or an empty one with the reason it cannot be a request. */
    static RequestBody of(Message in, int maxMessageBytes) {
        jakarta.jms.Message jms = in instanceof JmsMessage m ? m.getJmsMessage() : null;
        if (jms == null) {
            // not from a JMS consumer: the Camel body as it is
            Object body = in.getBody();
            if (body instanceof byte[] bytes) {
                return bytes.length > maxMessageBytes
                        ? tooLarge(bytes.length, maxMessageBytes)
                        : new RequestBody(bytes, bytes, null);
            }
            return text(body == null ? "" : in.getBody(String.class), maxMessageBytes);
        }
        try {
            if (jms instanceof jakarta.jms.TextMessage text) {
                return text(text.getText(), maxMessageBytes);
            }
            if (jms instanceof jakarta.jms.BytesMessage bytes) {
                long length = bytes.getBodyLength();
                if (length > maxMessageBytes) {
                    return tooLarge(length, maxMessageBytes);
                }
                bytes.reset();
                byte[] content = new byte[(int) length];
                bytes.readBytes(content);
                return new RequestBody(content, content, null);
            }
        } catch (jakarta.jms.JMSException e) {
            return refused("cannot read the message body (" + e.getMessage() + ")");
        }
        String kind = unsupportedKind(jms);
        return kind != null ? refused(kind + ": a request is a text or a bytes message") : refused(null);
    }

    private static RequestBody text(String text, int maxMessageBytes) {
        String value = text == null ? "" : text;
        if (value.length() > maxMessageBytes) {
            return tooLarge(value.length(), maxMessageBytes);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return bytes.length > maxMessageBytes
                ? tooLarge(bytes.length, maxMessageBytes)
                : new RequestBody(value, bytes, null);
    }

    private static RequestBody tooLarge(long size, int maxMessageBytes) {
        return refused("message body of at least " + size + " bytes is larger than intake.queue.max-message-bytes ("
                + maxMessageBytes + ")");
    }

    private static RequestBody refused(String problem) {
        return new RequestBody("", new byte[0], problem);
    }

    /** The kind of a JMS message that cannot carry an ID list, or null for text, bytes and body-less messages. */
    private static String unsupportedKind(jakarta.jms.Message message) {
        if (message instanceof jakarta.jms.ObjectMessage) {
            return "an object message";
        }
        if (message instanceof jakarta.jms.MapMessage) {
            return "a map message";
        }
        if (message instanceof jakarta.jms.StreamMessage) {
            return "a stream message";
        }
        return null;
    }
}
