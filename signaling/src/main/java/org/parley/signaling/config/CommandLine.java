package org.parley.signaling.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's command line: {@code --config FILE} and the overrides that are applied on top of
 * the configuration files. Both {@code --name value} and {@code --name=value} are accepted.
 */
final class CommandLine {

    private static final String CONFIG = "--config";
    private static final String HTTP_PORT = "--http-port";
    private static final String UDP_PORT = "--udp-port";
    private static final String TCP_PORT = "--tcp-port";
    private static final String SIP_PORT = "--sip-port";
    private static final String ANNOUNCED_ADDRESS = "--announced-address";
    private static final String BIND_ADDRESS = "--bind-address";
    private static final String SELF_SIGNED = "--self-signed";

    private final Map<String, String> options;

    private CommandLine(Map<String, String> options) {
        this.options = options;
    }

    static CommandLine parse(String[] args) throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case CONFIG, HTTP_PORT, UDP_PORT, TCP_PORT, SIP_PORT, ANNOUNCED_ADDRESS, BIND_ADDRESS, SELF_SIGNED -> {
                    if (value == null || value.isBlank()) {
                        throw new ConfigException(name + ": missing value");
                    }
                    options.put(name, value);
                }
                default -> throw new ConfigException(name + ": unknown option (expected " + String.join(", ",
                        CONFIG, HTTP_PORT, UDP_PORT, TCP_PORT, SIP_PORT, ANNOUNCED_ADDRESS, BIND_ADDRESS, SELF_SIGNED) + ")");
            }
        }
        return new CommandLine(options);
    }

    String configFile() {
        return options.get(CONFIG);
    }

    /** Writes the overrides into the merged configuration tree, checking their syntax first. */
    void applyTo(ObjectNode root) throws ConfigException {
        if (options.containsKey(HTTP_PORT)) {
            root.withObject("/http").put("port", port(HTTP_PORT));
        }
        if (options.containsKey(UDP_PORT)) {
            root.withObject("/media").put("udpPort", port(UDP_PORT));
        }
        if (options.containsKey(TCP_PORT)) {
            root.withObject("/media").put("tcpPort", port(TCP_PORT));
        }
        if (options.containsKey(SIP_PORT)) {
            root.withObject("/sip").put("port", port(SIP_PORT));
        }
        if (options.containsKey(ANNOUNCED_ADDRESS)) {
            root.withObject("/media").put("announcedAddress", options.get(ANNOUNCED_ADDRESS));
        }
        if (options.containsKey(BIND_ADDRESS)) {
            root.withObject("/http").put("bindAddress", options.get(BIND_ADDRESS));
            root.withObject("/media").put("bindAddress", options.get(BIND_ADDRESS));
            root.withObject("/sip").put("bindAddress", options.get(BIND_ADDRESS));
        }
        if (options.containsKey(SELF_SIGNED)) {
            // Replaces any http.tls of the files: a trial certificate for this host name.
            root.withObject("/http").putObject("tls").put("selfSigned", options.get(SELF_SIGNED));
        }
    }

    private int port(String option) throws ConfigException {
        String text = options.get(option);
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(option + ": expected a port number 0..65535, got \"" + text + "\"");
    }
}
