package org.parley.mixer.tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.RateMode;

/** Turns a tier configuration tree (see {@link TierSet#fromConfig}) into tiers, with messages that name the culprit. */
final class TierConfigReader {

    private static final List<String> KEYS = List.of("bandwidth", "bitrate", "frameMillis", "fec",
            "expectedLossPercent", "dtx", "application", "rateMode", "complexity");
    private static final int DEFAULT_FRAME_MILLIS = 20;
    private static final int DEFAULT_LOSS_WITH_FEC = 10;
    private static final int DEFAULT_COMPLEXITY = 5;
    /** libopus's own default; an operator who needs packet lengths hidden writes "cbr" (see {@link RateMode}). */
    private static final RateMode DEFAULT_RATE_MODE = RateMode.CVBR;

    TierSet read(Map<String, ?> config) throws TierConfigException {
        if (config == null || config.isEmpty()) {
            throw new TierConfigException("no tiers configured: at least one is needed");
        }
        List<Tier> tiers = new ArrayList<>(config.size());
        for (Map.Entry<String, ?> entry : config.entrySet()) {
            tiers.add(tier(entry.getKey(), entry.getValue()));
        }
        return TierSet.of(tiers); // names are map keys, hence distinct
    }

    private Tier tier(String name, Object value) throws TierConfigException {
        if (name == null || name.isBlank()) {
            throw new TierConfigException("a tier has a blank name");
        }
        if (!(value instanceof Map<?, ?> settings)) {
            throw new TierConfigException("tier '" + name + "': expected a map of settings, got " + describe(value));
        }
        for (Object key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new TierConfigException("tier '" + name + "': unknown setting '" + key + "' (known: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        Bandwidth bandwidth = bandwidth(name, require(name, settings, "bandwidth"));
        int bitrate = integer(name, "bitrate", require(name, settings, "bitrate"));
        int frameMillis = integer(name, "frameMillis", settings.get("frameMillis"), DEFAULT_FRAME_MILLIS);
        boolean fec = bool(name, "fec", settings.get("fec"));
        int loss = integer(name, "expectedLossPercent", settings.get("expectedLossPercent"),
                fec ? DEFAULT_LOSS_WITH_FEC : 0);
        boolean dtx = bool(name, "dtx", settings.get("dtx"));
        Application application = application(name, settings.get("application"));
        RateMode rateMode = rateMode(name, settings.get("rateMode"));
        int complexity = integer(name, "complexity", settings.get("complexity"), DEFAULT_COMPLEXITY);
        try {
            return new Tier(name, bandwidth, bitrate, frameMillis, fec, loss, dtx, application, rateMode, complexity);
        } catch (IllegalArgumentException e) {
            throw new TierConfigException("tier '" + name + "': " + e.getMessage());
        }
    }

    private static Object require(String tier, Map<?, ?> settings, String key) throws TierConfigException {
        Object value = settings.get(key);
        if (value == null) {
            throw new TierConfigException("tier '" + tier + "': '" + key + "' is required");
        }
        return value;
    }

    private static Bandwidth bandwidth(String tier, Object value) throws TierConfigException {
        String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "narrowband", "nb" -> Bandwidth.NARROWBAND;
            case "mediumband", "mb" -> Bandwidth.MEDIUMBAND;
            case "wideband", "wb" -> Bandwidth.WIDEBAND;
            case "superwideband", "swb" -> Bandwidth.SUPERWIDEBAND;
            case "fullband", "fb" -> Bandwidth.FULLBAND;
            default -> throw new TierConfigException("tier '" + tier + "': bandwidth must be narrowband, mediumband,"
                    + " wideband, superwideband or fullband, got " + describe(value));
        };
    }

    private static Application application(String tier, Object value) throws TierConfigException {
        if (value == null) {
            return Application.VOIP;
        }
        String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "voip" -> Application.VOIP;
            case "audio" -> Application.AUDIO;
            case "restricted_lowdelay", "restricted-lowdelay" -> Application.RESTRICTED_LOWDELAY;
            default -> throw new TierConfigException("tier '" + tier + "': application must be voip, audio or"
                    + " restricted_lowdelay, got " + describe(value));
        };
    }

    private static RateMode rateMode(String tier, Object value) throws TierConfigException {
        if (value == null) {
            return DEFAULT_RATE_MODE;
        }
        String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "cbr" -> RateMode.CBR;
            case "cvbr" -> RateMode.CVBR;
            case "vbr" -> RateMode.VBR;
            default -> throw new TierConfigException("tier '" + tier + "': rateMode must be cbr, cvbr or vbr, got "
                    + describe(value));
        };
    }

    private static int integer(String tier, String key, Object value, int fallback) throws TierConfigException {
        return value == null ? fallback : integer(tier, key, value);
    }

    private static int integer(String tier, String key, Object value) throws TierConfigException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number == (int) number) {
                return (int) number;
            }
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        } else if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new TierConfigException("tier '" + tier + "': '" + key + "' must be a whole number, got " + describe(value));
    }

    private static boolean bool(String tier, String key, Object value) throws TierConfigException {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw new TierConfigException("tier '" + tier + "': '" + key + "' must be true or false, got " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        return value instanceof String ? "'" + value + "'" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
