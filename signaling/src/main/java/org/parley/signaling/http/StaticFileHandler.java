package org.parley.signaling.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenException;
import org.parley.signaling.provisioning.MeetingAccess;

/**
 * Serves the web apps from the classpath folder {@code web/}; {@code /} is {@code index.html} (the
 * demo), except with a {@code token} query parameter: an invitation's {@code joinUrl} (API.md) then
 * opens the page for the token's role: the chair console for a chair or operator, the interpreter
 * console for an interpreter, the delegate page for everyone else and for a token this server does not
 * admit (that page reports why when it joins).
 * Answers every request that reaches it, so it is the last HTTP route: 404 for anything else.
 *
 * <p>Only paths made of plain segments (letters, digits, {@code _ - .}, not starting with a dot)
 * with a known extension are looked up, which rules out traversal ({@code ..}, encoded or not),
 * hidden files and directory listings before the class loader is asked.
 */
@ChannelHandler.Sharable
public final class StaticFileHandler extends HttpRoute {

    private static final String ROOT = "web/";
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", HttpResponses.TEXT_PLAIN);

    /** Files found so far; only existing files are cached, so the map is bounded by the app's size. */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final MeetingAccess access;

    /** @param access checks the token of a join link, to pick the page for its role */
    public StaticFileHandler(MeetingAccess access) {
        this.access = access;
    }

    @Override
    protected boolean matches(String path) {
        return true;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String file = path.equals("/") ? startPage(request) : path;
        String contentType = SAFE_PATH.matcher(file).matches() ? CONTENT_TYPES.get(extension(file)) : null;
        byte[] body = contentType == null ? null : read(file.substring(1));
        if (body == null) {
            HttpResponses.sendText(ctx, request, HttpResponseStatus.NOT_FOUND, "not found\n");
        } else if (HttpResponses.requireGetOrHead(ctx, request)) {
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, contentType, body);
        }
    }

    private String startPage(FullHttpRequest request) {
        Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
        List<String> tokens = parameters.get("token");
        if (tokens == null || tokens.isEmpty()) {
            // A meeting's listen-only link, /?meeting=ID&listen: the delegate page joins as an anonymous observer.
            return parameters.containsKey("meeting") && parameters.containsKey("listen") ? "/delegate.html" : "/index.html";
        }
        Role role;
        try {
            role = access.admit(tokens.getFirst(), null).role();
        } catch (TokenException e) {
            return "/delegate.html";
        }
        return switch (role) {
            case CHAIR, OPERATOR -> "/chair.html";
            case INTERPRETER -> "/interpreter.html";
            case DELEGATE, OBSERVER, ROOM_SYSTEM, CAPTIONER -> "/delegate.html";
        };
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1);
    }

    private byte[] read(String relativePath) {
        byte[] cached = cache.get(relativePath);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticFileHandler.class.getClassLoader().getResourceAsStream(ROOT + relativePath)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(relativePath, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
