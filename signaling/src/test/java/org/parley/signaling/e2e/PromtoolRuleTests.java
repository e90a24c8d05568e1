package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code promtool test rules} file built in code from a rules file: for each alert, groups of input
 * series in which it must fire (with the exact labels and annotations Prometheus would give it) or
 * stay quiet, evaluated by the real promtool.
 *
 * <p>promtool compares annotations too, so the expected ones are the rule's templates expanded here;
 * only the template constructs Parley's rules use are understood ({@code $labels.NAME},
 * {@code $value | humanizeDuration}, {@code $value | printf "…"}), anything else fails loudly.
 */
final class PromtoolRuleTests {

    static final String PROMTOOL = "/usr/bin/promtool";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern TEMPLATE_ACTION = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern PRINTF = Pattern.compile("\\$value \\| printf \"([^\"]*)\"");

    /** One input series: {@code values} in promtool's expanding notation, e.g. {@code 0+60x10}. */
    record Series(String name, Map<String, String> labels, String values) {
    }

    /** An alert expected to fire: its labels (without the rule's own) and the value its annotations see. */
    record Expected(Map<String, String> labels, double value) {
    }

    private record Rule(Map<String, String> labels, Map<String, String> annotations) {
    }

    private final Path rulesFile;
    private final Map<String, Rule> alerts = new TreeMap<>();
    private final List<Map<String, Object>> groups = new ArrayList<>();
    private final Set<String> fired = new TreeSet<>();
    private final Set<String> quiet = new TreeSet<>();

    PromtoolRuleTests(Path rulesFile) throws IOException {
        this.rulesFile = rulesFile.toAbsolutePath().normalize();
        for (JsonNode group : YAML.readTree(rulesFile.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.get("alert").asText(), new Rule(strings(rule.get("labels")),
                            strings(rule.get("annotations"))));
                }
            }
        }
    }

    /** The alerts of the rules file. */
    Set<String> alerts() {
        return alerts.keySet();
    }

    /** The alerts with a firing case and with a quiet case so far. */
    Set<String> covered() {
        Set<String> both = new TreeSet<>(fired);
        both.retainAll(quiet);
        return both;
    }

    /** At {@code evalTime} (e.g. {@code 15m}) after the first samples of {@code input}, exactly {@code expected} fire. */
    void fires(String alert, String evalTime, List<Series> input, List<Expected> expected) {
        Rule rule = rule(alert);
        List<Map<String, Object>> alertsExpected = new ArrayList<>();
        for (Expected one : expected) {
            Map<String, String> labels = new TreeMap<>(one.labels());
            labels.putAll(rule.labels());
            Map<String, String> annotations = new TreeMap<>();
            rule.annotations().forEach((name, template) -> annotations.put(name, render(template, one.labels(), one.value())));
            alertsExpected.add(Map.of("exp_labels", labels, "exp_annotations", annotations));
        }
        groups.add(group(alert + " fires", alert, evalTime, input, alertsExpected));
        fired.add(alert);
    }

    /** At {@code evalTime}, {@code alert} does not fire on {@code input}. */
    void staysQuiet(String alert, String evalTime, List<Series> input) {
        rule(alert);
        groups.add(group(alert + " stays quiet", alert, evalTime, input, List.of()));
        quiet.add(alert);
    }

    /** Writes the test file into {@code directory} and runs {@code promtool test rules} on it. */
    MetricsScrape.PromtoolResult run(Path directory) throws IOException, InterruptedException {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("rule_files", List.of(rulesFile.toString()));
        file.put("evaluation_interval", "1m");
        file.put("tests", groups);
        Path tests = directory.resolve("parley-alerts.test.yml");
        YAML.writeValue(tests.toFile(), file);
        return promtool(List.of("test", "rules", tests.toString()));
    }

    /** Runs promtool with {@code arguments}; its exit code and output. */
    static MetricsScrape.PromtoolResult promtool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROMTOOL);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + arguments + " did not finish in 60 s");
        }
        return new MetricsScrape.PromtoolResult(process.exitValue(), output);
    }

    private Rule rule(String alert) {
        Rule rule = alerts.get(alert);
        if (rule == null) {
            throw new IllegalArgumentException("no alert " + alert + " in " + rulesFile);
        }
        return rule;
    }

    private static Map<String, Object> group(String name, String alert, String evalTime, List<Series> input,
                                             List<Map<String, Object>> expected) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Series one : input) {
            series.add(Map.of("series", selector(one.name(), one.labels()), "values", one.values()));
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("interval", "1m");
        group.put("input_series", series);
        group.put("alert_rule_test", List.of(Map.of("eval_time", evalTime, "alertname", alert, "exp_alerts", expected)));
        return group;
    }

    /** {@code name{a="b",...}} with the exposition format's escapes. */
    static String selector(String name, Map<String, String> labels) {
        StringBuilder text = new StringBuilder(name).append('{');
        String separator = "";
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            text.append(separator).append(label.getKey()).append("=\"")
                    .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
            separator = ",";
        }
        return text.append('}').toString();
    }

    /** Expands an alert annotation as Prometheus would, for the constructs Parley's rules use. */
    static String render(String template, Map<String, String> labels, double value) {
        Matcher action = TEMPLATE_ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (action.find()) {
            String body = action.group(1);
            String expanded;
            Matcher printf = PRINTF.matcher(body);
            if (body.startsWith("$labels.")) {
                expanded = labels.get(body.substring("$labels.".length()));
                if (expanded == null) {
                    throw new AssertionError("the template names label " + body + ", which the alert lacks: " + labels);
                }
            } else if (body.equals("$value | humanizeDuration")) {
                expanded = humanizeDuration(value);
            } else if (printf.matches()) {
                expanded = String.format(Locale.ROOT, printf.group(1), value);
            } else {
                throw new AssertionError("template construct {{ " + body + " }} is not understood by this test: "
                        + "teach PromtoolRuleTests.render, or use one it knows");
            }
            action.appendReplacement(out, Matcher.quoteReplacement(expanded));
        }
        action.appendTail(out);
        return out.toString();
    }

    /** Prometheus' {@code humanizeDuration} (template/template.go) for whole seconds. */
    static String humanizeDuration(double seconds) {
        if (seconds != Math.rint(seconds) || seconds < 0) {
            throw new AssertionError("humanizeDuration is reproduced for whole, non-negative seconds only: " + seconds);
        }
        long v = (long) seconds;
        if (v == 0) {
            return "0s";
        }
        long days = v / 86_400;
        long hours = v / 3600 % 24;
        long minutes = v / 60 % 60;
        long rest = v % 60;
        if (days != 0) {
            return days + "d " + hours + "h " + minutes + "m " + rest + "s";
        }
        if (hours != 0) {
            return hours + "h " + minutes + "m " + rest + "s";
        }
        if (minutes != 0) {
            return minutes + "m " + rest + "s";
        }
        return rest + "s";
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        if (object != null) {
            object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        }
        return map;
    }

    /** The YAML reader the tests share (rules, provisioning files). */
    static ObjectMapper yaml() {
        return YAML;
    }
}
