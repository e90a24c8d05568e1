package org.parley.signaling.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a PromQL expression reads: each metric name with the labels its matchers name, and the labels
 * of its {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right} clauses. Found with a tokenizer, not a parser: {@code promtool} judges the syntax,
 * this only needs to tell metric names from functions, keywords, label names, strings and durations.
 *
 * @param metrics        metric name → the label names of its matchers
 * @param groupingLabels the labels named in grouping and vector-matching clauses
 */
record PromQlSelectors(Map<String, Set<String>> metrics, Set<String> groupingLabels) {

    /** Aggregations and functions take a parenthesis; these name labels in one instead. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    /** Aggregation operators, which may be followed by {@code by (...)} before their parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");

    static PromQlSelectors of(String expression) {
        List<String> tokens = tokens(expression);
        Map<String, Set<String>> metrics = new TreeMap<>();
        Set<String> grouping = new TreeSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (token.equals("{")) {
                throw new IllegalArgumentException("a selector without a metric name in: " + expression);
            }
            if (!isIdentifier(token)) {
                continue;
            }
            String lower = token.toLowerCase(Locale.ROOT);
            if (LABEL_LIST_KEYWORDS.contains(lower) && next.equals("(")) {
                for (i += 2; !tokens.get(i).equals(")"); i++) {
                    if (!tokens.get(i).equals(",")) {
                        grouping.add(tokens.get(i));
                    }
                }
            } else if (next.equals("(") || KEYWORDS.contains(lower)
                    || (AGGREGATIONS.contains(lower) && LABEL_LIST_KEYWORDS.contains(next))) {
                // a function, an aggregation or a keyword
            } else {
                Set<String> labels = metrics.computeIfAbsent(token, name -> new TreeSet<>());
                if (next.equals("{")) {
                    // name{label op "value", ...}
                    for (i += 2; !tokens.get(i).equals("}"); i++) {
                        String part = tokens.get(i);
                        if (isIdentifier(part)) {
                            labels.add(part);
                            while (!isString(tokens.get(i))) {
                                i++; // past the operator (=, !=, =~, !~) to the value
                            }
                        }
                    }
                }
            }
        }
        return new PromQlSelectors(metrics, grouping);
    }

    /**
     * Identifiers, strings (as one token each, quotes kept), one token per other character; numbers,
     * durations and the contents of {@code [...]} (ranges, subqueries) are left out.
     */
    static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                int end = i + 1;
                while (expression.charAt(end) != c) {
                    end += expression.charAt(end) == '\\' && c != '`' ? 2 : 1;
                }
                tokens.add(expression.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = i;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end))
                        || expression.charAt(end) == '_' || expression.charAt(end) == ':')) {
                    end++;
                }
                tokens.add(expression.substring(i, end));
                i = end;
            } else if (Character.isDigit(c) || c == '.') {
                // a number (0.5, 1e-3) or a duration (5m, 1h30m)
                int end = i;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end))
                        || expression.charAt(end) == '.'
                        || ((expression.charAt(end) == '-' || expression.charAt(end) == '+')
                            && (expression.charAt(end - 1) == 'e' || expression.charAt(end - 1) == 'E')))) {
                    end++;
                }
                i = end;
            } else if (c == '[') {
                i = expression.indexOf(']', i) + 1;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    private static boolean isString(String token) {
        char first = token.charAt(0);
        return first == '"' || first == '\'' || first == '`';
    }

    private static boolean isIdentifier(String token) {
        char first = token.charAt(0);
        return Character.isLetter(first) || first == '_' || first == ':';
    }
}
