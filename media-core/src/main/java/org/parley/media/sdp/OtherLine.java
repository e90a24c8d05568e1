package org.parley.media.sdp;

/**
 * A line WebRTC does not use ({@code i= u= e= p= b= k=}), kept verbatim so writing loses nothing.
 *
 * @param type  the line type letter
 * @param value the text after {@code =}
 */
public record OtherLine(char type, String value) {

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
