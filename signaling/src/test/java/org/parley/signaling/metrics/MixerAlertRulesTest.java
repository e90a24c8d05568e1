package org.parley.signaling.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.parley.mixer.pipeline.MeetingPipeline;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.TierSet;

/**
 * The alert rules in {@code conf/prometheus/parley-alerts.yml} pass {@code promtool check rules},
 * and every {@code parley_mixer_*} series they use is one a mixer exports.
 */
class MixerAlertRulesTest {

    private static final Path RULES = Path.of("..", "conf", "prometheus", "parley-alerts.yml");
    private static final Pattern MIXER_SERIES = Pattern.compile("parley_mixer_[a-z_]+");

    @Test
    void rulesPassPromtool() throws Exception {
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "rules", RULES.toString())
                .redirectErrorStream(true).start();
        String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check rules: " + report);
    }

    @Test
    void mixerRulesUseSeriesTheMixerExports() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher matcher = MIXER_SERIES.matcher(Files.readString(RULES));
        while (matcher.find()) {
            used.add(matcher.group());
        }
        assertFalse(used.isEmpty(), "no mixer alert");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> { });
             MixerMeters meters = MixerMeters.register(registry, "m1", pipeline)) {
            String scrape = registry.scrape();
            for (String series : used) {
                assertTrue(scrape.contains(series + "{meeting=\"m1\""), series + " is not exported:\n" + scrape);
            }
        } finally {
            registry.close();
        }
    }
}
