package org.parley.signaling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The server processes a test started, all stopped by {@link #close} (from an {@code @AfterEach}). */
final class ServerProcesses implements AutoCloseable {

    private final List<ServerProcess> started = new ArrayList<>();

    /** Starts a server process with {@code config} and keeps it to stop at {@link #close}. */
    ServerProcess start(Path config) throws IOException, InterruptedException {
        ServerProcess process = ServerProcess.start(config);
        started.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess process : started) {
            process.close();
        }
        started.clear();
    }
}
