package org.parley.signaling.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drains a child process's output on a daemon thread (a full pipe would stall the child), keeps
 * the last lines for failure messages (minus known noise), and completes a future with the first
 * line matching a pattern (capture group 1).
 */
final class OutputTail {

    private final Deque<String> lines = new ArrayDeque<>();
    private final int maxLines;
    private final Pattern watched;
    private final Pattern noise;
    private final CompletableFuture<String> firstMatch = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private OutputTail(int maxLines, Pattern watched, Pattern noise) {
        this.maxLines = maxLines;
        this.watched = watched;
        this.noise = noise;
    }

    /**
     * Starts draining {@code stream} until it ends.
     *
     * @param watched lines to look for; see {@link #firstMatch()}
     * @param noise   lines left out of {@link #text()}
     */
    static OutputTail drain(InputStream stream, String threadName, int maxLines, Pattern watched, Pattern noise) {
        OutputTail tail = new OutputTail(maxLines, watched, noise);
        Thread reader = new Thread(() -> tail.readAll(stream), threadName);
        reader.setDaemon(true);
        reader.start();
        return tail;
    }

    /** Group 1 of the first line that matched; never completes if none does. */
    CompletableFuture<String> firstMatch() {
        return firstMatch;
    }

    /**
     * Waits (bounded) until the stream has been read to its end, so that the tail is complete once
     * the process has exited; returns early if it has not ended by then.
     */
    void awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // report whatever was read so far
        }
    }

    /** The last lines seen, newline-separated. */
    synchronized String text() {
        return String.join("\n", lines);
    }

    private void readAll(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = watched.matcher(line);
                if (matcher.find()) {
                    firstMatch.complete(matcher.group(1));
                }
                if (line.isBlank() || noise.matcher(line).find()) {
                    continue;
                }
                synchronized (this) {
                    if (lines.size() == maxLines) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                }
            }
        } catch (IOException e) {
            // The process was killed; its output is over either way.
        } finally {
            ended.complete(null);
        }
    }
}
