package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlSelectorsTest {

    @Test
    void findsMetricsWithTheirMatchersAndTheGroupingLabels() {
        PromQlSelectors selectors = PromQlSelectors.of("""
                histogram_quantile(0.5, sum by (meeting, le) (rate(parley_quality_mos_bucket{instance=~".*", meeting!~"a|b"}[5m])))
                  < 3.5 and on (job) sum without (tier) (increase(parley_x_total[1h:5m] offset 10m)) > 1e-3
                  or count(parley_y{status!="200",reason=~"x\\"y"} >= 30) or vector(0)""");
        assertEquals(Map.of("parley_quality_mos_bucket", Set.of("instance", "meeting"), "parley_x_total", Set.of(),
                "parley_y", Set.of("status", "reason")), selectors.metrics());
        assertEquals(Set.of("meeting", "le", "job", "tier"), selectors.groupingLabels());
    }

    @Test
    void anAggregationGroupedAfterItsArgumentIsNoMetric() {
        assertEquals(Set.of("parley_a"), PromQlSelectors.of("sum(rate(parley_a[5m])) by (kind)").metrics().keySet());
        assertEquals(Set.of("kind"), PromQlSelectors.of("sum(rate(parley_a[5m])) by (kind)").groupingLabels());
    }

    @Test
    void aSelectorWithoutAMetricNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PromQlSelectors.of("{__name__=~\"parley_.*\"}"));
    }
}
