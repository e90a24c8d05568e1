/**
 * The e-participation statistics: an append-only record of every stay in every meeting, kept when the
 * meeting is deleted. {@link org.parley.signaling.statistics.ParticipationStatistics} records joins and
 * leaves (with a {@link org.parley.signaling.statistics.LeaveReason}), follows each live participant's
 * language channels and link quality ({@link org.parley.signaling.statistics.LiveParticipation}),
 * writes heartbeats and closes what a crash left open; {@link org.parley.signaling.statistics.StatisticsReport}
 * and {@link org.parley.signaling.statistics.StatisticsCsv} turn the rows into the API's JSON and CSV.
 * The rows live in {@link org.parley.signaling.store.StatisticsStore}.
 */
package org.parley.signaling.statistics;
