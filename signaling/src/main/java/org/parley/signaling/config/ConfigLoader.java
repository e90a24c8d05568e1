package org.parley.signaling.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.media.MediaConfig;
import org.parley.mixer.tier.TierConfigException;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.media.sdp.SdpParser;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.tls.CertificateKeyPair;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.TlsMaterialException;

/**
 * Builds a {@link ParleyConfig} in three layers, each overriding the one before:
 * <ol>
 *   <li>the embedded classpath resource {@code conf/parley.json} (the defaults);</li>
 *   <li>a JSON file named by {@code --config FILE} or, failing that, the {@code PARLEY_CONFIG}
 *       environment variable (objects are merged key by key, arrays are replaced); its {@code meetings}
 *       are the only configured ones: the embedded {@code demo} exists only when no file is given;</li>
 *   <li>the command line options {@code --http-port N}, {@code --udp-port N}, {@code --tcp-port N} (ICE-TCP),
 *       {@code --sip-port N}, {@code --announced-address A}, {@code --bind-address A} (for HTTP, media and
 *       SIP) and {@code --self-signed HOST}.</li>
 * </ol>
 * Every error names the key or option at fault, e.g. {@code http.port: expected an integer 0..65535}.
 */
public final class ConfigLoader {

    /** Classpath location of the defaults. */
    public static final String EMBEDDED_RESOURCE = "conf/parley.json";
    /** Environment variable naming a config file when {@code --config} is absent. */
    public static final String CONFIG_ENV = "PARLEY_CONFIG";
    /** Environment variable holding the TURN secret when the configuration names neither {@code turn.secret} nor {@code turn.secretFile}. */
    public static final String TURN_SECRET_ENV = "PARLEY_TURN_SECRET";
    /** Environment variable holding the token key when the configuration names neither {@code auth.tokenKey} nor {@code auth.tokenKeyFile}. */
    public static final String TOKEN_KEY_ENV = "PARLEY_TOKEN_KEY";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code mixer.tiers} as {@link TierSet#fromConfig} reads it: names to maps of settings. */
    private static final TypeReference<Map<String, Object>> TIER_TREE = new TypeReference<>() { };
    private static final Pattern MEETING_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MIN_API_KEY_LENGTH = 16;
    private static final int MIN_TOKEN_KEY_BYTES = 32;
    /** One captured credential lets anyone try secrets offline: a short one would soon be found. */
    private static final int MIN_TURN_SECRET_LENGTH = 16;
    private static final int MIN_TURN_TTL_SECONDS = 60;
    private static final int MAX_TURN_TTL_SECONDS = 7 * 24 * 3600;

    private ConfigLoader() {
    }

    /**
     * @param args command line arguments
     * @param env  environment variables (only {@value #CONFIG_ENV} is read)
     */
    public static ParleyConfig load(String[] args, Map<String, String> env) throws ConfigException {
        ObjectNode tree = readEmbedded();
        CommandLine commandLine = CommandLine.parse(args);
        String file = commandLine.configFile() != null ? commandLine.configFile() : env.get(CONFIG_ENV);
        if (file != null && !file.isBlank()) {
            ObjectNode overrides = readFile(Path.of(file));
            // A deployment's file lists the meetings it wants: the embedded open "demo" is for the
            // no-file run only (README's `bin/parley run`), never silently in production.
            tree.remove("meetings");
            merge(tree, overrides);
        }
        commandLine.applyTo(tree);
        return bind(tree, env);
    }

    private static ObjectNode readEmbedded() throws ConfigException {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("embedded " + EMBEDDED_RESOURCE + " is missing from the classpath");
            }
            return asObject(JSON.readTree(in), EMBEDDED_RESOURCE);
        } catch (JsonProcessingException e) {
            throw new ConfigException(EMBEDDED_RESOURCE + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(EMBEDDED_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode readFile(Path path) throws ConfigException {
        try {
            return asObject(JSON.readTree(Files.readAllBytes(path)), path.toString());
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read config file: " + e, e);
        }
    }

    private static ObjectNode asObject(JsonNode node, String source) throws ConfigException {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new ConfigException(source + ": the top level must be a JSON object");
    }

    /** Objects merge key by key; any other value (arrays included) replaces what was there. */
    private static void merge(ObjectNode target, ObjectNode overrides) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode overrideObject) {
                merge(existingObject, overrideObject);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * The {@code limits} object. The message rate was once the {@code signaling} object's: a
     * configuration that still sets it there is honoured, its values win.
     */
    private static SignalingLimits limits(Node top) throws ConfigException {
        Node limits = top.object("limits");
        limits.allowOnly("messagesPerSecond", "messageBurst", SignalingLimits.MLINES_PER_TRANSPORT,
                SignalingLimits.PRODUCERS_PER_PARTICIPANT, SignalingLimits.CONSUMERS_PER_PARTICIPANT,
                SignalingLimits.PARTICIPANTS_PER_MEETING, SignalingLimits.SIP_TRANSACTIONS_PER_SOURCE,
                SignalingLimits.JOINS_PER_INVITATION, SignalingLimits.JOINS_PER_OBSERVER_INVITATION,
                SignalingLimits.OBSERVERS_PER_MEETING, SignalingLimits.IDLE_SECONDS, SignalingLimits.JOIN_SECONDS,
                SignalingLimits.CONNECTIONS_PER_ADDRESS, SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS,
                SignalingLimits.JOIN_BURST_PER_ADDRESS, SignalingLimits.HELD_MESSAGES);
        Node rate = limits;
        if (top.value().hasNonNull("signaling")) {
            Node legacy = top.object("signaling");
            legacy.allowOnly("messagesPerSecond", "messageBurst");
            ObjectNode merged = ((ObjectNode) limits.value()).deepCopy();
            merged.setAll((ObjectNode) legacy.value());
            rate = new Node(legacy.path, merged);
        }
        return new SignalingLimits(rate.positiveNumber("messagesPerSecond"), rate.integer("messageBurst", 1, 1_000_000),
                limits.integer(SignalingLimits.MLINES_PER_TRANSPORT, 1, SdpParser.MAX_MEDIA),
                limits.integer(SignalingLimits.PRODUCERS_PER_PARTICIPANT, 0, 1024),
                limits.integer(SignalingLimits.CONSUMERS_PER_PARTICIPANT, 0, 4096),
                limits.integer(SignalingLimits.PARTICIPANTS_PER_MEETING, 1, 1_000_000),
                limits.integer(SignalingLimits.SIP_TRANSACTIONS_PER_SOURCE, 1, 1_000_000),
                limits.integer(SignalingLimits.JOINS_PER_INVITATION, 1, 1_000_000),
                limits.integer(SignalingLimits.JOINS_PER_OBSERVER_INVITATION, 1, 1_000_000),
                limits.integer(SignalingLimits.OBSERVERS_PER_MEETING, 1, 1_000_000),
                new SignalingLimits.ConnectionLimits(limits.integer(SignalingLimits.IDLE_SECONDS, 1, 86_400),
                        limits.integer(SignalingLimits.JOIN_SECONDS, 1, 86_400),
                        limits.integer(SignalingLimits.CONNECTIONS_PER_ADDRESS, 1, 1_000_000),
                        limits.positiveNumber(SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS),
                        limits.integer(SignalingLimits.JOIN_BURST_PER_ADDRESS, 1, 1_000_000),
                        limits.integer(SignalingLimits.HELD_MESSAGES, 1, 1_000_000)));
    }

    private static ParleyConfig bind(ObjectNode root, Map<String, String> env) throws ConfigException {
        Node top = new Node("", root);
        top.allowOnly("http", "media", "limits", "signaling", "meetings", "store", "admin", "auth", "mixer", "sip", "turn",
                "recording", "webcast");

        HttpConfig httpConfig = http(top.object("http"));

        Node media = top.object("media");
        if (media.value().has("ioThreads")) {
            throw new ConfigException(media.path("ioThreads") + ": removed (it was never used): the media core serves its"
                    + " UDP socket on one event loop thread; delete the key");
        }
        media.allowOnly("bindAddress", "udpPort", "announcedAddress", "tcpPort");
        // tcpPort: the passive ICE-TCP candidate's port (RFC 6544); null or absent: UDP only.
        MediaConfig mediaConfig = new MediaConfig(media.string("bindAddress"), media.string("announcedAddress"),
                media.port("udpPort"),
                media.value().hasNonNull("tcpPort") ? media.port("tcpPort") : MediaConfig.TCP_DISABLED);

        Node sip = top.object("sip");
        sip.allowOnly("enabled", "bindAddress", "port");
        SipConfig sipConfig = new SipConfig(sip.optionalBoolean("enabled", true), sip.string("bindAddress"), sip.port("port"));

        SignalingLimits limits = limits(top);

        Node mixer = top.object("mixer");
        mixer.allowOnly("frameMs", "tiers");
        int frameMillis = mixer.oneOf("frameMs", "10 or 20 (milliseconds per mixer tick)", 10, 20);
        TierSet tiers = mixer.value().hasNonNull("tiers") ? tiers(mixer.object("tiers")) : TierSet.defaults();

        List<MeetingConfig> meetings = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Node> meetingNodes = top.value().hasNonNull("meetings") ? top.array("meetings") : List.of();
        for (Node meeting : meetingNodes) {
            meeting.allowOnly("id", "title", "languages", "open", "floorControl", "tierPolicy", "anonymousObservers", "webcast");
            String id = meeting.string("id");
            if (!MEETING_ID.matcher(id).matches()) {
                throw new ConfigException(meeting.path("id") + ": expected 1 to 64 of [A-Za-z0-9_-], got \"" + id + "\"");
            }
            if (!ids.add(id)) {
                throw new ConfigException(meeting.path("id") + ": duplicate meeting id \"" + id + "\"");
            }
            List<String> languages = new ArrayList<>();
            for (Node language : meeting.array("languages")) {
                languages.add(language.text());
            }
            meetings.add(new MeetingConfig(id, meeting.string("title"), languages, meeting.optionalBoolean("open", false),
                    floorControl(meeting), tierPolicy(meeting, tiers), meeting.optionalBoolean("anonymousObservers", false),
                    meeting.optionalBoolean("webcast", false)));
        }

        Node store = top.object("store");
        store.allowOnly("dataDirectory", "backupEveryHours", "backupsKept", "heartbeatSeconds");
        Path dataDirectory;
        try {
            dataDirectory = Path.of(store.string("dataDirectory"));
        } catch (InvalidPathException e) {
            throw new ConfigException(store.path("dataDirectory") + ": not a usable path: " + e.getMessage());
        }
        StoreConfig storeConfig = new StoreConfig(dataDirectory, backupEvery(store), store.integer("backupsKept", 1, 10_000),
                Duration.ZERO, Duration.ofSeconds(store.integer("heartbeatSeconds", 1, 3600)));

        Node admin = top.object("admin");
        admin.allowOnly("apiKey");
        Optional<String> apiKey = admin.optionalString("apiKey");
        if (apiKey.isPresent() && apiKey.get().length() < MIN_API_KEY_LENGTH) {
            throw new ConfigException(admin.path("apiKey") + ": expected at least " + MIN_API_KEY_LENGTH
                    + " characters (or null to generate one at start)");
        }

        Node auth = top.object("auth");
        auth.allowOnly("tokenKey", "tokenKeyFile");
        Optional<Secret> tokenSecret = secret(auth, "tokenKey", "tokenKeyFile", TOKEN_KEY_ENV, env);
        if (tokenSecret.isPresent()) {
            checkTokenKey(tokenSecret.get().source(), tokenSecret.get().value());
        }
        Optional<String> tokenKey = tokenSecret.map(Secret::value);

        Optional<TurnConfig> turn = top.value().hasNonNull("turn") ? Optional.of(turn(top.object("turn"), env))
                : Optional.empty();

        return new ParleyConfig(httpConfig, mediaConfig, limits, meetings, storeConfig,
                new AdminConfig(apiKey), new AuthConfig(tokenKey), new MixerConfig(frameMillis, tiers), sipConfig, turn,
                recording(top, dataDirectory, tiers), webcast(top, tiers));
    }

    /**
     * {@code webcast}: segment duration, live window and the tier it segments. A segment must hold whole
     * packets of that tier, so that every language is cut on the same packet.
     */
    private static WebcastConfig webcast(Node top, TierSet tiers) throws ConfigException {
        if (!top.value().hasNonNull("webcast")) {
            return WebcastConfig.DEFAULTS;
        }
        Node webcast = top.object("webcast");
        webcast.allowOnly("segmentSeconds", "windowSegments", "tier");
        int segmentSeconds = webcast.integer("segmentSeconds", 1, 10);
        int window = webcast.integer("windowSegments", 3, 100);
        String tierName = webcast.string("tier");
        Tier tier = tiers.get(tierName);
        if (tier == null) {
            throw new ConfigException(webcast.path("tier") + ": no tier \"" + tierName + "\" in mixer.tiers "
                    + tiers.names());
        }
        if (segmentSeconds * 1000 % tier.frameMillis() != 0) {
            throw new ConfigException(webcast.path("segmentSeconds") + ": " + segmentSeconds + " s does not hold whole "
                    + tier.frameMillis() + " ms packets of tier " + tierName);
        }
        return new WebcastConfig(segmentSeconds, window, tierName);
    }

    /**
     * {@code turn}: the TURN URLs clients are given, the secret shared with coturn ({@code secret}, or
     * {@code secretFile}, or the {@value #TURN_SECRET_ENV} environment variable, so it need not sit in
     * the configuration file) and {@code ttlSeconds}, how long issued credentials stay valid.
     */
    private static TurnConfig turn(Node turn, Map<String, String> env) throws ConfigException {
        turn.allowOnly("urls", "secret", "secretFile", "ttlSeconds");
        List<Node> urlNodes = turn.array("urls");
        if (urlNodes.isEmpty()) {
            throw new ConfigException(turn.path("urls") + ": expected at least one TURN URL (or no \"turn\" at all)");
        }
        List<String> urls = new ArrayList<>();
        for (Node url : urlNodes) {
            urls.add(turnUrl(url));
        }
        Secret found = secret(turn, "secret", "secretFile", TURN_SECRET_ENV, env).orElseThrow(() ->
                new ConfigException(turn.path("secret") + ": missing (set turn.secret, turn.secretFile or the "
                        + TURN_SECRET_ENV + " environment variable to coturn's static-auth-secret)"));
        String secret = found.value();
        if (secret.length() < MIN_TURN_SECRET_LENGTH) {
            throw new ConfigException(found.source() + ": the TURN secret must have at least " + MIN_TURN_SECRET_LENGTH
                    + " characters, got " + secret.length());
        }
        int ttl = turn.integer("ttlSeconds", MIN_TURN_TTL_SECONDS, MAX_TURN_TTL_SECONDS);
        return new TurnConfig(urls, secret, Duration.ofSeconds(ttl));
    }

    /**
     * A secret and where it came from, for error messages (never the secret itself).
     *
     * @param source the key or environment variable it was read from
     */
    private record Secret(String value, String source) {
    }

    /**
     * A secret kept out of the configuration file if the operator wishes: {@code inlineKey} in the
     * file, or the file named by {@code fileKey} (its content, stripped: a trailing newline is not part
     * of it), or else the environment variable {@code envVar}. Giving both keys is an error.
     */
    private static Optional<Secret> secret(Node node, String inlineKey, String fileKey, String envVar,
                                           Map<String, String> env) throws ConfigException {
        Optional<String> inline = node.optionalString(inlineKey);
        Optional<String> file = node.optionalString(fileKey);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigException(node.path(fileKey) + ": give either " + node.path(inlineKey) + " or "
                    + node.path(fileKey) + ", not both");
        } else if (inline.isPresent()) {
            return Optional.of(new Secret(inline.get(), node.path(inlineKey)));
        } else if (file.isPresent()) {
            String source = node.path(fileKey);
            try {
                return Optional.of(new Secret(Files.readString(Path.of(file.get())).strip(), source));
            } catch (IOException | InvalidPathException e) {
                throw new ConfigException(source + ": cannot read " + file.get() + ": " + e.getMessage(), e);
            }
        } else if (env.get(envVar) != null && !env.get(envVar).isBlank()) {
            return Optional.of(new Secret(env.get(envVar).strip(), "the " + envVar + " environment variable"));
        }
        return Optional.empty();
    }

    /** One of {@code turn.urls}: {@code turn:} or {@code turns:}, a host, an optional port, and transport udp or tcp. */
    private static String turnUrl(Node node) throws ConfigException {
        String url = node.text();
        Matcher matcher = TurnConfig.URL.matcher(url);
        if (!matcher.matches()) {
            throw new ConfigException(node.path() + ": expected a TURN URL such as turn:turn.example.org:3478?transport=udp"
                    + " or turns:turn.example.org:5349?transport=tcp, got \"" + url + "\"");
        }
        if (matcher.group(3) != null) {
            int port = Integer.parseInt(matcher.group(3));
            if (port < 1 || port > 65535) {
                throw new ConfigException(node.path() + ": port " + port + " is outside 1..65535 in \"" + url + "\"");
            }
        }
        if ("turns".equals(matcher.group(1)) && "udp".equals(matcher.group(4))) {
            // RFC 7065 §3: turns over UDP would be DTLS, which browsers do not offer for TURN.
            throw new ConfigException(node.path() + ": browsers reach a turns: server over TLS, i.e. transport=tcp, got \""
                    + url + "\"");
        }
        return url;
    }

    /**
     * {@code http}: the port, and optionally its certificate ({@code tls}), the plain-HTTP port that
     * only redirects ({@code redirectPort}) and the address links are made with ({@code publicUrl}).
     * Certificate and key files are read here, so a bad file stops the start with the key at fault.
     */
    private static HttpConfig http(Node http) throws ConfigException {
        http.allowOnly("bindAddress", "port", "tls", "redirectPort", "publicUrl", "allowedOrigins");
        List<String> allowedOrigins = new ArrayList<>();
        if (http.value().hasNonNull("allowedOrigins")) {
            for (Node origin : http.array("allowedOrigins")) {
                allowedOrigins.add(origin(origin));
            }
        }
        Optional<TlsConfig> tls = http.value().hasNonNull("tls") ? Optional.of(tls(http.object("tls"))) : Optional.empty();
        Optional<URI> publicUrl = http.optionalString("publicUrl").isPresent()
                ? Optional.of(publicUrl(http.path("publicUrl"), http.string("publicUrl"))) : Optional.empty();
        int port = http.port("port");
        OptionalInt redirectPort = OptionalInt.empty();
        if (http.value().hasNonNull("redirectPort")) {
            int redirect = http.port("redirectPort");
            if (redirect != 0 && redirect == port) {
                throw new ConfigException(http.path("redirectPort") + ": must differ from " + http.path("port")
                        + " (" + port + ")");
            }
            boolean httpsElsewhere = publicUrl.isPresent() && publicUrl.get().getScheme().equals("https");
            if (tls.isEmpty() && !httpsElsewhere) {
                throw new ConfigException(http.path("redirectPort") + ": redirects to HTTPS, so it needs "
                        + http.path("tls") + " (or an https " + http.path("publicUrl") + " served by a proxy)");
            }
            redirectPort = OptionalInt.of(redirect);
        }
        return new HttpConfig(http.string("bindAddress"), port, tls, redirectPort, publicUrl, allowedOrigins);
    }

    /** One of {@code http.allowedOrigins}: {@code http(s)://host[:port]} as browsers send it (RFC 6454 §6.1), lower-cased. */
    private static String origin(Node node) throws ConfigException {
        String text = node.text();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigException(node.path() + ": expected an origin such as https://parley.example.org or"
                    + " http://localhost:8080 (scheme, host, optional port; no path), got \"" + text + "\"");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** {@code http.tls}: {@code {certificate, privateKey}} PEM files, or {@code {selfSigned: HOST}}. */
    private static TlsConfig tls(Node tls) throws ConfigException {
        tls.allowOnly("certificate", "privateKey", "selfSigned");
        Optional<String> selfSigned = tls.optionalString("selfSigned");
        if (selfSigned.isPresent()) {
            if (tls.value().has("certificate") || tls.value().has("privateKey")) {
                throw new ConfigException(tls.path() + ": either certificate and privateKey, or selfSigned, not both");
            }
            if (!SelfSignedCertificate.isHostName(selfSigned.get())) {
                throw new ConfigException(tls.path("selfSigned") + ": expected a host name or IP address, got \""
                        + selfSigned.get() + "\"");
            }
            return new TlsConfig.SelfSigned(selfSigned.get());
        }
        Path certificate = path(tls, "certificate");
        Path privateKey = path(tls, "privateKey");
        // Each file alone first, so the error names the setting whose file is at fault.
        try {
            CertificateKeyPair.readChain(certificate);
        } catch (TlsMaterialException e) {
            throw new ConfigException(tls.path("certificate") + ": " + e.getMessage(), e);
        }
        try {
            CertificateKeyPair.readPrivateKey(privateKey);
        } catch (TlsMaterialException e) {
            throw new ConfigException(tls.path("privateKey") + ": " + e.getMessage(), e);
        }
        try {
            CertificateKeyPair.read(certificate, privateKey);
        } catch (TlsMaterialException e) {
            throw new ConfigException(tls.path("privateKey") + ": " + e.getMessage(), e);
        }
        return new TlsConfig.PemFiles(certificate, privateKey);
    }

    private static Path path(Node node, String key) throws ConfigException {
        String text = node.string(key);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(node.path(key) + ": not a usable path: " + e.getMessage());
        }
    }

    /** {@code http.publicUrl}: {@code http(s)://host[:port]}, the site root, nothing after it. */
    private static URI publicUrl(String path, String text) throws ConfigException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(path + ": not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new ConfigException(path + ": expected https://HOST[:PORT] (or http://), got \"" + text + "\"");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new ConfigException(path + ": expected the site root, https://HOST[:PORT], without path, query or"
                    + " user; the pages are served at / (got \"" + text + "\")");
        }
        return uri;
    }

    /**
     * {@code mixer.tiers}: the listener tiers ({@link TierSet#fromConfig}), best first. An operator may
     * retune them (e.g. {@code "rateMode": "cbr"} to hide packet lengths, RFC 6562 §3), rename or add
     * some: meetings' tier policies are checked against these names, and clients learn theirs in
     * {@code joined}. The first is the one interpreters, chairs and operators may always use. A tier
     * set to null is left out, so a file can drop (or rename) an embedded tier, which merging alone
     * cannot.
     */
    private static TierSet tiers(Node node) throws ConfigException {
        Map<String, Object> settings = JSON.convertValue(node.value(), TIER_TREE);
        settings.values().removeIf(Objects::isNull);
        try {
            return TierSet.fromConfig(settings);
        } catch (TierConfigException e) {
            throw new ConfigException(node.path() + ": " + e.getMessage());
        }
    }

    /** A configured meeting's {@code floorControl}: {@code open} unless it says {@code chaired}. */
    private static FloorMode floorControl(Node meeting) throws ConfigException {
        Optional<String> name = meeting.optionalString("floorControl");
        if (name.isEmpty()) {
            return FloorMode.OPEN;
        }
        FloorMode mode = FloorMode.fromWireName(name.get());
        if (mode == null) {
            throw new ConfigException(meeting.path("floorControl") + ": expected \"open\" or \"chaired\", got \""
                    + name.get() + "\"");
        }
        return mode;
    }

    /** A configured meeting's {@code tierPolicy}: some of {@code mixer.tiers}, all of them if absent. */
    private static List<String> tierPolicy(Node meeting, TierSet tiers) throws ConfigException {
        if (!meeting.value().hasNonNull("tierPolicy")) {
            return tiers.names();
        }
        List<String> policy = new ArrayList<>();
        for (Node entry : meeting.array("tierPolicy")) {
            policy.add(entry.text());
        }
        String problem = ListenerTiers.of(tiers).problemWith(policy, meeting.path("tierPolicy"));
        if (problem != null) {
            throw new ConfigException(problem + " (mixer.tiers)");
        }
        return policy;
    }

    private static void checkTokenKey(String path, String base64) throws ConfigException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + ": expected base64, " + e.getMessage());
        }
        // RFC 2104 §3: a key shorter than the hash output weakens the MAC.
        if (key.length < MIN_TOKEN_KEY_BYTES) {
            throw new ConfigException(path + ": expected at least " + MIN_TOKEN_KEY_BYTES + " bytes, got " + key.length
                    + " (or null to generate one)");
        }
    }

    /**
     * {@code recording}: {@code directory} (null: {@code <store.dataDirectory>/recordings}), {@code retentionDays}
     * (0 or null: keep), {@code tier} (one of {@code mixer.tiers}; null: {@code standard}).
     */
    private static RecordingConfig recording(Node top, Path dataDirectory, TierSet tiers) throws ConfigException {
        RecordingConfig defaults = RecordingConfig.defaults(dataDirectory);
        if (!top.value().hasNonNull("recording")) {
            return defaults;
        }
        Node recording = top.object("recording");
        recording.allowOnly("directory", "retentionDays", "tier");
        Path directory = defaults.directory();
        Optional<String> configured = recording.optionalString("directory");
        if (configured.isPresent()) {
            try {
                directory = Path.of(configured.get());
            } catch (InvalidPathException e) {
                throw new ConfigException(recording.path("directory") + ": not a usable path: " + e.getMessage());
            }
        }
        int retentionDays = recording.value().hasNonNull("retentionDays")
                ? recording.integer("retentionDays", 0, 100_000) : 0;
        String tier = recording.optionalString("tier").orElse(defaults.tier());
        if (tiers.get(tier) == null) {
            throw new ConfigException(recording.path("tier") + ": no tier \"" + tier + "\" in mixer.tiers " + tiers.names());
        }
        return new RecordingConfig(directory, retentionDays, tier);
    }

    /** {@code store.backupEveryHours}: hours between backups, fractions allowed (at least a second); 0 makes none. */
    private static Duration backupEvery(Node store) throws ConfigException {
        JsonNode hours = store.value().get("backupEveryHours");
        String path = store.path("backupEveryHours");
        if (hours == null || hours.isNull() || !hours.isNumber() || hours.doubleValue() < 0
                || hours.doubleValue() > 24 * 365) {
            throw new ConfigException(path + ": expected a number of hours 0..8760 (0: no backups), got " + hours);
        }
        if (hours.doubleValue() > 0 && hours.doubleValue() * 3600 < 1) {
            throw new ConfigException(path + ": " + hours + " hours is under a second; use 0 for no backups");
        }
        return Duration.ofMillis(Math.round(hours.doubleValue() * 3_600_000));
    }

    /** A JSON value and the dotted path that names it in error messages. */
    private record Node(String path, JsonNode value) {

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        void allowOnly(String... keys) throws ConfigException {
            Set<String> allowed = Set.of(keys);
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw new ConfigException(path(key) + ": unknown key (expected one of " + String.join(", ", keys) + ")");
                }
            }
        }

        private JsonNode required(String key) throws ConfigException {
            JsonNode child = value.get(key);
            if (child == null || child.isNull()) {
                throw new ConfigException(path(key) + ": missing");
            }
            return child;
        }

        Node object(String key) throws ConfigException {
            JsonNode child = required(key);
            if (!child.isObject()) {
                throw new ConfigException(path(key) + ": expected an object, got " + child);
            }
            return new Node(path(key), child);
        }

        List<Node> array(String key) throws ConfigException {
            JsonNode child = required(key);
            if (!child.isArray()) {
                throw new ConfigException(path(key) + ": expected an array, got " + child);
            }
            List<Node> elements = new ArrayList<>(child.size());
            for (int i = 0; i < child.size(); i++) {
                JsonNode element = child.get(i);
                elements.add(new Node(path(key) + "[" + i + "]", element));
                if (!element.isObject() && !element.isTextual()) {
                    throw new ConfigException(path(key) + "[" + i + "]: unexpected value " + element);
                }
            }
            return elements;
        }

        String text() throws ConfigException {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new ConfigException(path + ": expected a non-empty string, got " + value);
            }
            return value.asText();
        }

        String string(String key) throws ConfigException {
            return new Node(path(key), required(key)).text();
        }

        /** A non-empty string, or empty when the key is missing or null. */
        Optional<String> optionalString(String key) throws ConfigException {
            JsonNode child = value.get(key);
            if (child == null || child.isNull()) {
                return Optional.empty();
            }
            return Optional.of(new Node(path(key), child).text());
        }

        boolean optionalBoolean(String key, boolean otherwise) throws ConfigException {
            JsonNode child = value.get(key);
            if (child == null || child.isNull()) {
                return otherwise;
            }
            if (!child.isBoolean()) {
                throw new ConfigException(path(key) + ": expected true or false, got " + child);
            }
            return child.booleanValue();
        }

        int integer(String key, int min, int max) throws ConfigException {
            JsonNode child = required(key);
            if (!child.isIntegralNumber() || !child.canConvertToInt() || child.intValue() < min || child.intValue() > max) {
                throw new ConfigException(path(key) + ": expected an integer " + min + ".." + max + ", got " + child);
            }
            return child.intValue();
        }

        /** An integer among {@code allowed}, which {@code expected} describes in the error message. */
        int oneOf(String key, String expected, int... allowed) throws ConfigException {
            JsonNode child = required(key);
            if (child.isIntegralNumber() && child.canConvertToInt()) {
                for (int candidate : allowed) {
                    if (candidate == child.intValue()) {
                        return candidate;
                    }
                }
            }
            throw new ConfigException(path(key) + ": expected " + expected + ", got " + child);
        }

        int port(String key) throws ConfigException {
            return integer(key, 0, 65535);
        }

        double positiveNumber(String key) throws ConfigException {
            JsonNode child = required(key);
            if (!child.isNumber() || !(child.doubleValue() > 0) || Double.isInfinite(child.doubleValue())) {
                throw new ConfigException(path(key) + ": expected a positive number, got " + child);
            }
            return child.doubleValue();
        }
    }
}
