package org.parley.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link MixerBenchmark}'s operations timed in thread CPU time rather than wall time, for a shared
 * machine: time the thread spends descheduled is not counted (cache and memory contention still
 * are). Reports the best of five runs of each operation after a warm-up. Not a substitute for the
 * JMH figures on a quiet machine.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.parley.bench.MixerCpuTime [standardRateMode]</pre>
 *
 * <p>With the argument {@code mixminus}: the six-live-booth tick with 1, 4 and 8 floor speakers,
 * without and with each speaker listening to its own mix-minus ({@code MixerBenchmark.mixMinus}).
 */
public final class MixerCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int RUNS = 5;

    private MixerCpuTime() {
    }

    @FunctionalInterface
    private interface Operation {
        long run();
    }

    public static void main(String[] args) throws Exception {
        String standardRateMode = args.length > 0 ? args[0] : "default";
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        if (standardRateMode.equals("mixminus")) {
            mixMinus(blackhole);
            return;
        }
        for (int liveBooths : new int[] {6, 3, 0}) {
            MixerBenchmark benchmark = new MixerBenchmark();
            benchmark.liveBooths = liveBooths;
            benchmark.standardRateMode = standardRateMode;
            benchmark.setUp();
            try {
                report("tick, liveBooths=" + liveBooths, benchmark::tick, 1500, 300, blackhole);
                if (liveBooths == 6) {
                    report("laneEncodes", benchmark::laneEncodes, 1500, 300, blackhole);
                    report("encodeStandardTier", benchmark::encodeStandardTier, 1500, 300, blackhole);
                    report("encodeLowTier", benchmark::encodeLowTier, 1500, 300, blackhole);
                    report("decodeSource", () -> benchmark.decodeSource(), 3000, 1000, blackhole);
                }
            } finally {
                benchmark.tearDown();
            }
        }
    }

    private static void mixMinus(Blackhole blackhole) throws Exception {
        for (int speakers : new int[] {1, 4, 8}) {
            for (boolean mixMinus : new boolean[] {false, true}) {
                MixerBenchmark benchmark = new MixerBenchmark();
                benchmark.liveBooths = 6;
                benchmark.standardRateMode = "default";
                benchmark.floorSpeakers = speakers;
                benchmark.mixMinus = mixMinus;
                benchmark.setUp();
                try {
                    report("tick, " + speakers + " speakers, mixMinus=" + mixMinus, benchmark::tick, 1500, 300,
                            blackhole);
                    report("mixOnly, " + speakers + " speakers, mixMinus=" + mixMinus, benchmark::mixOnly, 3000,
                            1000, blackhole);
                    if (speakers == 1 && !mixMinus) {
                        report("encodeStandardTier", benchmark::encodeStandardTier, 1500, 300, blackhole);
                    }
                } finally {
                    benchmark.tearDown();
                }
            }
        }
    }

    private static void report(String name, Operation operation, int warmup, int count, Blackhole blackhole) {
        for (int i = 0; i < warmup; i++) {
            blackhole.consume(operation.run());
        }
        long best = Long.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                blackhole.consume(operation.run());
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / count);
        }
        System.out.printf("%-40s %,12d ns CPU per operation%n", name, best);
    }
}
