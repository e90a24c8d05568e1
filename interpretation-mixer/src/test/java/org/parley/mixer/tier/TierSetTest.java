package org.parley.mixer.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.RateMode;

class TierSetTest {

    @Test
    void defaultsAreTheFourDocumentedTiers() {
        TierSet tiers = TierSet.defaults();
        assertEquals(List.of("studio", "standard", "low", "minimal"), tiers.names());
        Tier studio = tiers.get("studio");
        assertEquals(Bandwidth.FULLBAND, studio.bandwidth());
        assertEquals(40_000, studio.bitrate());
        assertEquals(20, studio.frameMillis());
        assertFalse(studio.fec());
        Tier standard = tiers.get("standard");
        assertEquals(Bandwidth.WIDEBAND, standard.bandwidth());
        assertEquals(24_000, standard.bitrate());
        assertTrue(standard.fec());
        assertEquals(10, standard.expectedLossPercent());
        Tier low = tiers.get("low");
        assertEquals(Bandwidth.WIDEBAND, low.bandwidth());
        assertEquals(10_000, low.bitrate());
        assertEquals(120, low.frameMillis());
        assertEquals(5760, low.frameSamples48k());
        assertTrue(low.fec());
        Tier minimal = tiers.get("minimal");
        assertEquals(Bandwidth.NARROWBAND, minimal.bandwidth());
        assertEquals(8_000, minimal.bitrate());
        assertEquals(120, minimal.frameMillis());
        assertTrue(minimal.fec() && minimal.dtx());
        assertEquals(2, tiers.indexOf(low));
        assertNull(tiers.get("premium"));
    }

    @Test
    void encoderLookaheadIsLibopusDelayAt48kHz() {
        // libopus: 2.5 ms of lookahead plus 4 ms of delay compensation, except in restricted-lowdelay mode.
        assertEquals(312, TierSet.STANDARD.encoderLookahead());
        assertEquals(312, TierSet.defaults().get(0).encoderLookahead());
    }

    @Test
    void readsTiersFromAConfigTreeInOrderWithDefaultsForOptionalSettings() throws TierConfigException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("hifi", Map.of("bandwidth", "fullband", "bitrate", 64000, "application", "audio", "complexity", "10"));
        config.put("phone", Map.of("bandwidth", "NB", "bitrate", "9000", "frameMillis", 40.0, "fec", "true",
                "dtx", true));
        TierSet tiers = TierSet.fromConfig(config);

        assertEquals(List.of("hifi", "phone"), tiers.names());
        assertEquals(new Tier("hifi", Bandwidth.FULLBAND, 64_000, 20, false, 0, false, Application.AUDIO, RateMode.CVBR, 10),
                tiers.get(0));
        assertEquals(new Tier("phone", Bandwidth.NARROWBAND, 9_000, 40, true, 10, true, Application.VOIP, RateMode.CVBR, 5),
                tiers.get("phone"));
        assertSame(tiers.get(1), tiers.get("phone"));
    }

    @Test
    void readsEachRateMode() throws TierConfigException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("secret", Map.of("bandwidth", "wb", "bitrate", 24000, "rateMode", "cbr"));
        config.put("bounded", Map.of("bandwidth", "wb", "bitrate", 24000, "rateMode", " CVBR "));
        config.put("free", Map.of("bandwidth", "wb", "bitrate", 24000, "rateMode", "vbr"));
        TierSet tiers = TierSet.fromConfig(config);

        assertEquals(RateMode.CBR, tiers.get("secret").rateMode());
        assertEquals(RateMode.CVBR, tiers.get("bounded").rateMode());
        assertEquals(RateMode.VBR, tiers.get("free").rateMode());
    }

    @Test
    void rejectsBadConfigurationWithAMessageNamingTierAndSetting() {
        assertMessage("no tiers", Map.of());
        assertMessage("tier 'low': 'bitrate' is required", Map.of("low", Map.of("bandwidth", "wb")));
        assertMessage("tier 'low': unknown setting 'bitrat'",
                Map.of("low", Map.of("bandwidth", "wb", "bitrat", 12000)));
        assertMessage("tier 'low': bandwidth must be", Map.of("low", Map.of("bandwidth", "hd", "bitrate", 12000)));
        assertMessage("tier 'low': frameMillis must be 10, 20, 40, 60, 80, 100 or 120: 30",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "frameMillis", 30)));
        assertMessage("tier 'low': 'bitrate' must be a whole number, got '12k'",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", "12k")));
        assertMessage("tier 'low': bitrate must be 6000 to 510000",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 1000)));
        assertMessage("tier 'low': 'fec' must be true or false",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "fec", "yes")));
        assertMessage("tier 'low': fec needs expectedLossPercent > 0",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "fec", true, "expectedLossPercent", 0)));
        assertMessage("tier 'low': expected a map of settings", Map.of("low", "wideband"));
        assertMessage("tier 'low': rateMode must be cbr, cvbr or vbr, got 'abr'",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "rateMode", "abr")));
        assertMessage("tier 'low': rateMode must be cbr, cvbr or vbr, got false (Boolean)",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "rateMode", false)));
        assertMessage("tier 'low': unknown setting 'vbr'",
                Map.of("low", Map.of("bandwidth", "wb", "bitrate", 12000, "vbr", true)));
    }

    private static void assertMessage(String expected, Map<String, ?> config) {
        TierConfigException e = assertThrows(TierConfigException.class, () -> TierSet.fromConfig(config));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
