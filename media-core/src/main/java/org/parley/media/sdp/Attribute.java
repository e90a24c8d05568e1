package org.parley.media.sdp;

import java.util.Objects;

/**
 * An {@code a=} line this package has no typed field for, kept verbatim and in order.
 *
 * @param name  the attribute name, e.g. {@code extmap-allow-mixed}
 * @param value the text after the first colon, or null for a property attribute ({@code a=name})
 */
public record Attribute(String name, String value) {

    public Attribute {
        Objects.requireNonNull(name, "name");
    }

    /** The text after {@code a=}. */
    @Override
    public String toString() {
        return value == null ? name : name + ":" + value;
    }
}
