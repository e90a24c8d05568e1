package org.parley.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One browser tab, reached through a flattened DevTools session on the browser's connection.
 * Created by {@link Chromium#newPage()}.
 *
 * <p>Every method is bounded by a timeout: the command timeout of the browser, or the one passed
 * in. Failures carry the page's recent console output, which usually says what went wrong.
 */
public final class BrowserPage implements AutoCloseable {

    private static final int MAX_CONSOLE_MESSAGES = 500;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration MIN_EVALUATION = Duration.ofMillis(200);

    private final DevToolsConnection connection;
    private final String targetId;
    private final String sessionId;
    private final Duration commandTimeout;
    private final Supplier<String> browserStderr;
    private final Deque<ConsoleMessage> console = new ArrayDeque<>();
    private final List<DevToolsConnection.Subscription> subscriptions = new ArrayList<>();

    private BrowserPage(DevToolsConnection connection, String targetId, String sessionId, Duration commandTimeout,
                        Supplier<String> browserStderr) {
        this.connection = connection;
        this.targetId = targetId;
        this.sessionId = sessionId;
        this.commandTimeout = commandTimeout;
        this.browserStderr = browserStderr;
    }

    static BrowserPage open(DevToolsConnection connection, Duration commandTimeout, Supplier<String> browserStderr) {
        ObjectNode create = DevToolsConnection.params().put("url", "about:blank");
        String targetId = connection.call(null, "Target.createTarget", create, commandTimeout)
                .path("targetId").asText();
        ObjectNode attach = DevToolsConnection.params().put("targetId", targetId).put("flatten", true);
        String sessionId = connection.call(null, "Target.attachToTarget", attach, commandTimeout)
                .path("sessionId").asText();
        BrowserPage page = new BrowserPage(connection, targetId, sessionId, commandTimeout, browserStderr);
        try {
            page.listenToConsole();
            page.call("Page.enable", null);
            page.call("Page.setLifecycleEventsEnabled", DevToolsConnection.params().put("enabled", true));
            page.call("Runtime.enable", null);
            page.call("Log.enable", null);
        } catch (RuntimeException e) {
            page.close();
            throw e;
        }
        return page;
    }

    /**
     * Loads {@code url} and waits for its {@code load} event. A same-document navigation (only the
     * fragment changes) fires none, so it returns as soon as the browser has done it.
     *
     * @throws DevToolsException if the navigation fails (e.g. connection refused) or does not load in time
     */
    public void navigate(String url) {
        // Page.lifecycleEvent names the loader, so a late load event of an earlier navigation cannot
        // be mistaken for this one; the event may come before or after the navigate response.
        Map<String, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
        try (DevToolsConnection.Subscription ignored = connection.onEvent(sessionId, "Page.lifecycleEvent",
                event -> {
                    if ("load".equals(event.path("name").asText())) {
                        loadOf(loads, event.path("loaderId").asText()).complete(null);
                    }
                })) {
            JsonNode result = call("Page.navigate", DevToolsConnection.params().put("url", url));
            String error = result.path("errorText").asText("");
            if (!error.isEmpty()) {
                throw failure("navigation to " + url + " failed: " + error);
            }
            if (!result.has("loaderId")) {
                return;
            }
            loadOf(loads, result.get("loaderId").asText()).get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("interrupted while loading " + url, e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure(url + " did not fire its load event within " + commandTimeout.toMillis() + " ms");
        }
    }

    private static CompletableFuture<Void> loadOf(Map<String, CompletableFuture<Void>> loads, String loaderId) {
        return loads.computeIfAbsent(loaderId, id -> new CompletableFuture<>());
    }

    /**
     * Evaluates a JavaScript expression in the page. A promise is awaited; the value comes back as
     * JSON ({@code undefined} and values JSON cannot hold become {@link NullNode}).
     *
     * @throws JavaScriptException if the expression throws or its promise rejects
     */
    public JsonNode evaluate(String expression) {
        return evaluate(expression, commandTimeout);
    }

    private JsonNode evaluate(String expression, Duration timeout) {
        ObjectNode params = DevToolsConnection.params()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true);
        JsonNode result = connection.call(sessionId, "Runtime.evaluate", params, timeout);
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            String description = exception.path("exception").path("description").asText("");
            if (description.isEmpty()) {
                // A thrown non-Error value (throw 'x', reject(42)) has a value instead of a description.
                JsonNode value = exception.path("exception").path("value");
                description = exception.path("text").asText() + (value.isMissingNode() ? "" : " " + value);
            }
            throw new JavaScriptException(description);
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    /**
     * Evaluates {@code jsCondition} every 100 ms until it is truthy; a promise is awaited, so
     * {@code "stats().then(s => s.packets > 50)"} works. An evaluation that throws or does not
     * settle counts as "not yet" (the page may still be starting) and is reported if time runs out.
     *
     * @throws DevToolsException if the condition is not truthy within {@code timeout}; the message
     *                           has the last value or error and the page's console
     */
    public void waitFor(String jsCondition, Duration timeout) {
        String expression = "(async () => !!(await (" + jsCondition + ")))()";
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "never evaluated";
        while (true) {
            // A condition whose promise never settles must not outlive the caller's timeout.
            long remaining = Math.max(deadline - System.nanoTime(), MIN_EVALUATION.toNanos());
            try {
                if (evaluate(expression, Duration.ofNanos(Math.min(remaining, commandTimeout.toNanos()))).asBoolean()) {
                    return;
                }
                last = "false";
            } catch (JavaScriptException e) {
                last = "threw " + e.getMessage();
            } catch (DevToolsException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() >= deadline) {
                throw failure("condition not met within " + timeout.toMillis() + " ms: " + jsCondition
                        + " (last evaluation: " + last + ")");
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevToolsException("interrupted while waiting for " + jsCondition, e);
            }
        }
    }

    /**
     * Renders the page at {@code width}×{@code height} CSS pixels (device scale 1) and writes a PNG,
     * creating parent directories. The viewport override is removed afterwards.
     */
    public void screenshot(Path png, int width, int height) {
        screenshot(png, width, height, false);
    }

    /**
     * Like {@link #screenshot(Path, int, int)}, but a page taller than {@code minHeight} at that width is
     * rendered whole, so that a layout review sees every part of it.
     */
    public void screenshotWholePage(Path png, int width, int minHeight) {
        screenshot(png, width, minHeight, true);
    }

    private void screenshot(Path png, int width, int height, boolean wholePage) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("viewport must be positive: " + width + "x" + height);
        }
        setViewport(width, height);
        try {
            if (wholePage) {
                int pageHeight = evaluate("document.documentElement.scrollHeight").asInt(height);
                if (pageHeight > height) {
                    setViewport(width, pageHeight);
                }
            }
            String data = call("Page.captureScreenshot", DevToolsConnection.params().put("format", "png"))
                    .path("data").asText();
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(png, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + png, e);
        } finally {
            call("Emulation.clearDeviceMetricsOverride", null);
        }
    }

    private void setViewport(int width, int height) {
        ObjectNode metrics = DevToolsConnection.params()
                .put("width", width)
                .put("height", height)
                .put("deviceScaleFactor", 1)
                .put("mobile", false);
        call("Emulation.setDeviceMetricsOverride", metrics);
    }

    /**
     * A key press (down, then up) delivered to the focused element, as a keyboard user makes it.
     *
     * @param text what the key types ({@code "\r"} for Enter, {@code " "} for Space): it is what makes a
     *             key down activate a focused button
     */
    public void pressKey(String key, String code, int keyCode, String text) {
        dispatchKey("keyDown", key, code, keyCode, text);
        dispatchKey("keyUp", key, code, keyCode, null);
    }

    /** One keyboard event ({@code keyDown} or {@code keyUp}); {@code text} is null for a key up. */
    public void dispatchKey(String type, String key, String code, int keyCode, String text) {
        ObjectNode event = DevToolsConnection.params()
                .put("type", type)
                .put("key", key)
                .put("code", code)
                .put("windowsVirtualKeyCode", keyCode);
        if (text != null) {
            event.put("text", text);
        }
        call("Input.dispatchKeyEvent", event);
    }

    /** The console messages, log entries and uncaught exceptions seen so far (the last 500). */
    public List<ConsoleMessage> consoleMessages() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    /** The console messages as text, one per line, for assertion messages. */
    public String consoleText() {
        return consoleMessages().stream().map(ConsoleMessage::toString).collect(Collectors.joining("\n"));
    }

    /** Sends a raw protocol command to this page's session, bounded by the command timeout. */
    public JsonNode call(String method, ObjectNode params) {
        return connection.call(sessionId, method, params, commandTimeout);
    }

    /** Closes the tab. Safe to call when the browser is already gone. */
    @Override
    public void close() {
        subscriptions.forEach(DevToolsConnection.Subscription::close);
        if (connection.isClosed()) {
            return;
        }
        try {
            connection.call(null, "Target.closeTarget", DevToolsConnection.params().put("targetId", targetId),
                    commandTimeout);
        } catch (DevToolsException e) {
            // Already closed (crashed tab, browser shutting down): nothing left to release.
        }
    }

    /** A {@link DevToolsException} whose message ends with the console and browser stderr tails. */
    private DevToolsException failure(String message) {
        return new DevToolsException(message
                + "\n--- page console ---\n" + consoleText()
                + "\n--- Chromium stderr (tail) ---\n" + browserStderr.get());
    }

    private void listenToConsole() {
        subscriptions.add(connection.onEvent(sessionId, "Runtime.consoleAPICalled", params -> {
            StringJoiner text = new StringJoiner(" ");
            params.path("args").forEach(argument -> text.add(describe(argument)));
            record(new ConsoleMessage("console", params.path("type").asText(), text.toString()));
        }));
        subscriptions.add(connection.onEvent(sessionId, "Log.entryAdded", params -> {
            JsonNode entry = params.path("entry");
            String url = entry.path("url").asText("");
            record(new ConsoleMessage("log", entry.path("level").asText(),
                    entry.path("text").asText() + (url.isEmpty() ? "" : " (" + url + ")")));
        }));
        subscriptions.add(connection.onEvent(sessionId, "Runtime.exceptionThrown", params -> {
            JsonNode details = params.path("exceptionDetails");
            String description = details.path("exception").path("description").asText(details.path("text").asText());
            record(new ConsoleMessage("exception", "error", description));
        }));
    }

    private void record(ConsoleMessage message) {
        synchronized (console) {
            if (console.size() == MAX_CONSOLE_MESSAGES) {
                console.removeFirst();
            }
            console.addLast(message);
        }
    }

    /** A console argument as text: its value when it has one, else the browser's description. */
    private static String describe(JsonNode remoteObject) {
        JsonNode value = remoteObject.get("value");
        if (value != null) {
            return value.isTextual() ? value.asText() : value.toString();
        }
        return remoteObject.path("description").asText(remoteObject.path("type").asText());
    }
}
