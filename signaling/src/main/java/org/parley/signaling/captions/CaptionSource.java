package org.parley.signaling.captions;

/** Who wrote a caption: a person ({@code captioner}, also a chair or operator) or speech recognition ({@code asr}). */
public enum CaptionSource {
    CAPTIONER("captioner"),
    ASR("asr");

    private final String wireName;

    CaptionSource(String wireName) {
        this.wireName = wireName;
    }

    /** The name in messages and in the store. */
    public String wireName() {
        return wireName;
    }

    /** The source named {@code wireName}, or null. */
    public static CaptionSource fromWireName(String wireName) {
        for (CaptionSource source : values()) {
            if (source.wireName.equals(wireName)) {
                return source;
            }
        }
        return null;
    }
}
