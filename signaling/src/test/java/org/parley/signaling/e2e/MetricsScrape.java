package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /metrics}, as Prometheus would scrape it: the samples by series, e.g.
 * {@code parley_media_packets_dropped_total{reason="unknown_source"}}, and the text itself for
 * {@code promtool check metrics}.
 */
record MetricsScrape(String text, Map<String, Double> samples) {

    private static final String PROMTOOL = "/usr/bin/promtool";

    static MetricsScrape get(HttpClient http, int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET /metrics");
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0) {
                continue;
            }
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new MetricsScrape(response.body(), Map.copyOf(samples));
    }

    /**
     * The first scrape within {@code timeout} for which {@code ready} holds (a series it reads that is
     * missing counts as not yet); fails with the last scrape.
     */
    static MetricsScrape await(HttpClient http, int port, Duration timeout, java.util.function.Predicate<MetricsScrape> ready)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            MetricsScrape now = get(http, port);
            try {
                if (ready.test(now)) {
                    return now;
                }
            } catch (AssertionError missing) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the scrape did not get there in " + timeout.toSeconds() + " s:\n" + now.text());
            }
            Thread.sleep(100);
        }
    }

    /** The sample of {@code name{label="value"}}; fails if the series is missing. */
    double value(String name, String label, String value) {
        String series = name + "{" + label + "=\"" + value + "\"}";
        Double sample = samples.get(series);
        if (sample == null) {
            throw new AssertionError("no series " + series + " in the scrape");
        }
        return sample;
    }

    /** How much {@code name{label="value"}} grew since {@code earlier}. */
    double increase(MetricsScrape earlier, String name, String label, String value) {
        return value(name, label, value) - earlier.value(name, label, value);
    }

    /** The metric names of the samples, e.g. {@code parley_mixer_tick_seconds_bucket}. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String series : samples.keySet()) {
            int brace = series.indexOf('{');
            names.add(brace < 0 ? series : series.substring(0, brace));
        }
        return names;
    }

    /** The label sets of {@code name}'s samples (empty maps for a series without labels), in a stable order. */
    List<Map<String, String>> series(String name) {
        List<Map<String, String>> all = new ArrayList<>();
        for (String series : new TreeSet<>(samples.keySet())) {
            if (series.equals(name)) {
                all.add(Map.of());
            } else if (series.startsWith(name + "{")) {
                all.add(labels(series.substring(name.length())));
            }
        }
        return all;
    }

    /** The sample of {@code name} with exactly {@code labels}; fails if the series is missing. */
    double value(String name, Map<String, String> labels) {
        for (String series : samples.keySet()) {
            if ((series.equals(name) && labels.isEmpty())
                    || (series.startsWith(name + "{") && labels(series.substring(name.length())).equals(labels))) {
                return samples.get(series);
            }
        }
        throw new AssertionError("no series " + name + labels + " in the scrape");
    }

    /** A label block of the text exposition format, {@code {a="b",c="d"}} (values may hold escapes), as a map. */
    static Map<String, String> labels(String block) {
        Map<String, String> labels = new TreeMap<>();
        int at = 1;
        while (at < block.length() && block.charAt(at) != '}') {
            int equals = block.indexOf('=', at);
            String label = block.substring(at, equals);
            StringBuilder value = new StringBuilder();
            int i = equals + 2; // past ="
            for (; block.charAt(i) != '"'; i++) {
                char c = block.charAt(i);
                if (c == '\\') {
                    char escaped = block.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
            at = i + 1;
            if (at < block.length() && block.charAt(at) == ',') {
                at++;
            }
        }
        return labels;
    }

    /** Runs {@code promtool check metrics} on the text; returns its exit code and output. */
    PromtoolResult promtoolCheck() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish in 30 s");
        }
        return new PromtoolResult(process.exitValue(), output);
    }

    record PromtoolResult(int exitCode, String output) {
    }
}
