package org.parley.signaling.store;

import java.util.List;
import java.util.Map;

/**
 * What a statistics read found.
 *
 * @param participations    the participations, in order of joining
 * @param webcastListeners  per meeting of theirs, the webcast's listeners where the webcast recorded them
 *                          (none today: the column is filled once the webcast exists)
 */
public record StatisticsRows(List<StatisticsRecord> participations, Map<String, Integer> webcastListeners) {
    public StatisticsRows {
        participations = List.copyOf(participations);
        webcastListeners = Map.copyOf(webcastListeners);
    }
}
