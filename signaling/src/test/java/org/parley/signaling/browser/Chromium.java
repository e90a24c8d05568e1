package org.parley.signaling.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium process driven through the DevTools protocol, for end-to-end tests of web
 * pages and of WebRTC against a real browser stack. No node, Playwright or WebDriver: one
 * {@link DevToolsConnection} to the browser endpoint carries every {@link BrowserPage}.
 *
 * <p>Each instance gets a fresh profile directory, fake camera/microphone devices that need no
 * permission prompt, and loopback ICE candidates, so two peers on 127.0.0.1 can connect.
 * {@link #close()} kills the whole process tree and deletes the profile.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
 *      BrowserPage page = chromium.newPage()) {
 *     page.navigate(url);
 *     page.waitFor("window.ready === true", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    /** The browser languages of a default launch: the tests that read the web apps' English text rely on it. */
    public static final String DEFAULT_ACCEPT_LANGUAGE = "en-US,en";

    /** Where Debian's {@code chromium} package installs the browser (a wrapper that execs the binary). */
    public static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final Pattern DEVTOOLS_LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    /** Containers have no D-Bus; Chromium complains about it many times on every start. */
    private static final Pattern STDERR_NOISE = Pattern.compile(":ERROR:dbus/");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration GRACEFUL_EXIT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
    private static final int STDERR_TAIL_LINES = 30;

    private final Process process;
    private final Path userDataDir;
    private final OutputTail stderr;
    private final DevToolsConnection connection;
    private final Duration commandTimeout;

    private Chromium(Process process, Path userDataDir, OutputTail stderr, DevToolsConnection connection,
                     Duration commandTimeout) {
        this.process = process;
        this.userDataDir = userDataDir;
        this.stderr = stderr;
        this.connection = connection;
        this.commandTimeout = commandTimeout;
    }

    /** Starts configuring a browser; {@link Builder#launch()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a browser with the default settings. */
    public static Chromium launch() {
        return builder().launch();
    }

    /** Opens a new tab on {@code about:blank}. Close it when done (closing the browser also ends it). */
    public BrowserPage newPage() {
        return BrowserPage.open(connection, commandTimeout, this::stderrTail);
    }

    /** The browser-level DevTools connection, for protocol commands this harness does not wrap. */
    public DevToolsConnection connection() {
        return connection;
    }

    /** The last lines Chromium wrote to stderr, for failure messages. */
    public String stderrTail() {
        return stderr.text();
    }

    /**
     * Asks Chromium to exit, then kills whatever is left of its process tree, and deletes the
     * profile directory. Bounded: at most a few seconds even if the browser hangs.
     */
    @Override
    public void close() {
        // Snapshot the children first: once the parent dies they are re-parented and out of reach.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        try {
            connection.call(null, "Browser.close", null, GRACEFUL_EXIT_TIMEOUT);
            process.waitFor(GRACEFUL_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (DevToolsException e) {
            // Hung or already gone: the kill below handles both.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        killTree(process, tree);
        deleteRecursively(userDataDir);
    }

    private static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        killTree(process, tree);
    }

    /**
     * SIGKILLs every process of {@code tree} still alive and waits for {@code process} only: it is
     * our child, so we reap it. The others are re-parented to init, which reaps them; the JDK can
     * only poll for such processes, and waiting for that would add seconds to every test class.
     */
    private static void killTree(Process process, List<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory must not fail the test that used the browser.
        }
    }

    /** Configures and launches a {@link Chromium}. */
    public static final class Builder {
        private Path executable = DEFAULT_EXECUTABLE;
        private Path fakeAudioCapture;
        private String acceptLanguage = DEFAULT_ACCEPT_LANGUAGE;
        private Duration startupTimeout = Duration.ofSeconds(20);
        private Duration commandTimeout = Duration.ofSeconds(10);
        private final List<String> extraArguments = new ArrayList<>();
        private final List<String> hostResolverRules = new ArrayList<>();
        private final List<String> acceptedSpkiHashes = new ArrayList<>();

        private Builder() {
        }

        /** The browser binary; defaults to {@link #DEFAULT_EXECUTABLE}. */
        public Builder executable(Path executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /** A WAV file (16-bit PCM) the fake microphone plays in a loop instead of its beep. */
        public Builder fakeAudioCapture(Path wav) {
            this.fakeAudioCapture = Objects.requireNonNull(wav, "wav");
            return this;
        }

        /**
         * The browser's preferred languages, as Accept-Language and {@code navigator.languages} give them
         * (Chromium's {@code --accept-lang}), e.g. {@code "ar"} or {@code "fr-CH,fr"}. Defaults to
         * {@link #DEFAULT_ACCEPT_LANGUAGE}, so the web apps (which pick their language from the browser) show
         * English whatever the machine's locale.
         */
        public Builder acceptLanguage(String languages) {
            this.acceptLanguage = Objects.requireNonNull(languages, "languages");
            return this;
        }

        /** How long to wait for the DevTools endpoint; default 20 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long each DevTools command may take; default 10 s. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Makes Chromium resolve {@code hostName} to {@code address} (loopback in tests), so pages load
         * from an origin with a real-looking name, e.g. {@code https://parley.test:PORT}.
         */
        public Builder resolve(String hostName, String address) {
            hostResolverRules.add("MAP " + Objects.requireNonNull(hostName, "hostName") + " "
                    + Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * Accepts server certificates whose public key has this base64 SHA-256 SPKI hash, as if a trusted
         * CA had signed them (a test's self-signed certificate); every other certificate is still checked.
         */
        public Builder acceptCertificate(String spkiSha256) {
            acceptedSpkiHashes.add(Objects.requireNonNull(spkiSha256, "spkiSha256"));
            return this;
        }

        /** An additional command-line switch, e.g. {@code --enable-logging=stderr}. */
        public Builder argument(String argument) {
            extraArguments.add(Objects.requireNonNull(argument, "argument"));
            return this;
        }

        /**
         * Starts Chromium and connects to its DevTools endpoint.
         *
         * @throws DevToolsException if the binary is missing, exits early, or does not open its
         *                           DevTools endpoint within the startup timeout; the message
         *                           includes the tail of Chromium's stderr
         */
        public Chromium launch() {
            if (!Files.isExecutable(executable)) {
                throw new DevToolsException("Chromium not found at " + executable
                        + "; install it with `apt-get install chromium` (CI installs it)");
            }
            if (fakeAudioCapture != null && !Files.isRegularFile(fakeAudioCapture)) {
                throw new IllegalArgumentException("fake audio capture file does not exist: " + fakeAudioCapture);
            }
            Path userDataDir;
            try {
                userDataDir = Files.createTempDirectory("parley-chromium-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a Chromium profile directory", e);
            }
            Process process;
            try {
                process = new ProcessBuilder(command(userDataDir))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                deleteRecursively(userDataDir);
                throw new DevToolsException("cannot start " + executable + ": " + e.getMessage(), e);
            }
            OutputTail stderr = OutputTail.drain(process.getErrorStream(), "chromium-stderr-" + process.pid(),
                    STDERR_TAIL_LINES, DEVTOOLS_LISTENING, STDERR_NOISE);
            try {
                URI endpoint = awaitEndpoint(process, userDataDir, stderr);
                DevToolsConnection connection = DevToolsConnection.open(endpoint, startupTimeout);
                return new Chromium(process, userDataDir, stderr, connection, commandTimeout);
            } catch (RuntimeException e) {
                killTree(process);
                deleteRecursively(userDataDir);
                throw e instanceof DevToolsException devTools
                        ? new DevToolsException(devTools.getMessage() + "\n--- Chromium stderr (tail) ---\n"
                        + stderr.text(), e)
                        : e;
            }
        }

        private List<String> command(Path userDataDir) {
            List<String> command = new ArrayList<>(List.of(
                    executable.toString(),
                    "--headless",
                    "--no-sandbox", // Needed as root (CI containers); the pages we load are our own.
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + userDataDir,
                    "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream",
                    "--autoplay-policy=no-user-gesture-required",
                    // Without it Chromium leaves loopback out of ICE gathering and two local peers never meet.
                    "--allow-loopback-in-peer-connection",
                    "--accept-lang=" + acceptLanguage,
                    "--remote-debugging-port=0"));
            if (fakeAudioCapture != null) {
                command.add("--use-file-for-fake-audio-capture=" + fakeAudioCapture.toAbsolutePath());
            }
            if (!hostResolverRules.isEmpty()) {
                command.add("--host-resolver-rules=" + String.join(",", hostResolverRules));
            }
            if (!acceptedSpkiHashes.isEmpty()) {
                command.add("--ignore-certificate-errors-spki-list=" + String.join(",", acceptedSpkiHashes));
            }
            command.addAll(extraArguments);
            command.add("about:blank");
            return command;
        }

        /**
         * Waits for the browser endpoint: Chromium writes the port and path to
         * {@code DevToolsActivePort} in the profile and also prints the URL to stderr; whichever
         * appears first wins.
         */
        private URI awaitEndpoint(Process process, Path userDataDir, OutputTail stderr) {
            Path activePort = userDataDir.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                String printed = stderr.firstMatch().getNow(null);
                if (printed != null) {
                    return URI.create(printed);
                }
                URI fromFile = readActivePort(activePort);
                if (fromFile != null) {
                    return fromFile;
                }
                if (!process.isAlive()) {
                    stderr.awaitEnd(Duration.ofSeconds(2)); // the reader may still hold its last lines
                    throw new DevToolsException("Chromium exited with status " + process.exitValue()
                            + " before opening its DevTools endpoint");
                }
                try {
                    Thread.sleep(POLL_INTERVAL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DevToolsException("interrupted while waiting for Chromium to start", e);
                }
            }
            throw new DevToolsException("Chromium did not open its DevTools endpoint within "
                    + startupTimeout.toMillis() + " ms");
        }

        /** The endpoint from {@code DevToolsActivePort} (line 1 port, line 2 path), or null if not complete yet. */
        private static URI readActivePort(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                return null;
            }
            if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+") || !lines.get(1).startsWith("/")) {
                return null;
            }
            return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        }
    }
}
