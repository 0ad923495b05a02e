package dev.patsnapcamel.support;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serializable object that notes when it is deserialized anywhere in this JVM (its {@code readObject}
 * sets {@link #DESERIALIZED}): carried by an object message, it shows whether the bundle's consumer ever
 * turned the body into an object. Writing it (what a producer does) does not set the flag.
 */
public final class Tripwire implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Set the moment any instance is read back from its serialized form. */
    public static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

    private final String payload;

    public Tripwire(String payload) {
        this.payload = payload;
    }

    public String payload() {
        return payload;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        DESERIALIZED.set(true);
        in.defaultReadObject();
    }
}
