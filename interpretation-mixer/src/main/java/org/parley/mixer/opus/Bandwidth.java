package org.parley.mixer.opus;

/** Opus audio bandwidths (RFC 6716 §2), as coded in the TOC byte and the {@code OPUS_BANDWIDTH_*} values. */
public enum Bandwidth {
    /** 4 kHz passband, 8 kHz effective sample rate. */
    NARROWBAND(1101, 4_000),
    /** 6 kHz passband, 12 kHz effective sample rate. */
    MEDIUMBAND(1102, 6_000),
    /** 8 kHz passband, 16 kHz effective sample rate. */
    WIDEBAND(1103, 8_000),
    /** 12 kHz passband, 24 kHz effective sample rate. */
    SUPERWIDEBAND(1104, 12_000),
    /** 20 kHz passband, 48 kHz effective sample rate. */
    FULLBAND(1105, 20_000);

    private static final Bandwidth[] VALUES = values();

    final int nativeValue;
    private final int passbandHz;

    Bandwidth(int nativeValue, int passbandHz) {
        this.nativeValue = nativeValue;
        this.passbandHz = passbandHz;
    }

    /** The upper edge of the coded audio band in Hz. */
    public int passbandHz() {
        return passbandHz;
    }

    static Bandwidth ofNative(int value) {
        int index = value - NARROWBAND.nativeValue;
        if (index < 0 || index >= VALUES.length) {
            throw new IllegalArgumentException("not an OPUS_BANDWIDTH value: " + value);
        }
        return VALUES[index];
    }
}
