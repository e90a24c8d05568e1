package org.parley.signaling.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.signaling.protocol.ErrorCode;

/**
 * The web apps' message catalogues (i18n.js), read from the classpath as the server serves them. Pages
 * are found, not listed: every {@code web/*.html}, each naming its catalogue with {@code data-i18n-page},
 * so a page added later is checked too. For each page and for {@code common}: the six languages have the
 * same keys, no empty text and the same {@code {placeholders}}; every key the page's HTML
 * ({@code data-i18n}, {@code data-i18n-attr}) and its scripts ({@code t('literal')}) use is in its own or
 * the common catalogue; no visible text or labelling attribute is written into the HTML itself.
 */
class WebCatalogueTest {

    static final List<String> LANGUAGES = List.of("ar", "zh", "en", "fr", "ru", "es");
    private static final String COMMON = "common";
    /** Text a page may carry in its HTML: the product's name, before the catalogue's title replaces it. */
    private static final Set<String> UNTRANSLATED = Set.of("Parley");
    /** Attributes a person reads or hears, which must come from the catalogue (data-i18n-attr). */
    private static final Set<String> LABEL_ATTRIBUTES = Set.of("aria-label", "title", "placeholder", "alt",
            "aria-description", "aria-roledescription", "aria-placeholder", "data-empty", "data-label");

    private static final Pattern PAGE_NAME = Pattern.compile("<html\\b[^>]*\\bdata-i18n-page=\"([^\"]+)\"");
    private static final Pattern TEXT_KEY = Pattern.compile("\\bdata-i18n=\"([^\"]*)\"");
    private static final Pattern ATTRIBUTE_KEYS = Pattern.compile("\\bdata-i18n-attr=\"([^\"]*)\"");
    private static final Pattern SWITCH = Pattern.compile("<(\\w+)\\b[^>]*\\bdata-language-switch[^>]*>");
    private static final Pattern SCRIPT = Pattern.compile("<script\\b[^>]*\\bsrc=\"([^\"]+)\"");
    /** {@code t('key')} or {@code ParleyI18n.t("key", {…})}: a whole literal key, not the start of a concatenation. */
    private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\(\\s*(['\"])([^'\"\\\\]+)\\1\\s*[,)]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern NOT_TEXT = Pattern.compile("<(script|style)\\b.*?</\\1>", Pattern.DOTALL);
    private static final Pattern TEXT_NODE = Pattern.compile(">([^<]*)<");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s([a-zA-Z-]+)=\"([^\"]*)\"");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WEB = webFolder();

    /** A page of the web apps: its file, its catalogue's name and its HTML. */
    record Page(String file, String name, String html) {
        @Override
        public String toString() {
            return file + " (" + name + ")";
        }
    }

    static Stream<Page> pages() {
        try (Stream<Path> files = Files.list(WEB)) {
            List<Page> pages = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".html")).sorted().toList()) {
                String html = Files.readString(file, StandardCharsets.UTF_8);
                Matcher name = PAGE_NAME.matcher(html);
                assertTrue(name.find(), file.getFileName() + " names no catalogue: <html data-i18n-page=\"…\">");
                pages.add(new Page(file.getFileName().toString(), name.group(1), html));
            }
            assertFalse(pages.isEmpty(), "no page under " + WEB);
            return pages.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> catalogues() {
        return Stream.concat(Stream.of(COMMON), pages().map(Page::name)).distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogues")
    void everyLanguageHasTheSameKeysWithTextAndTheSamePlaceholders(String catalogue) {
        Map<String, String> english = catalogue(catalogue, "en");
        assertFalse(english.isEmpty(), catalogue + "/en.json is empty");
        for (String language : LANGUAGES) {
            Map<String, String> messages = catalogue(catalogue, language);
            String where = catalogue + "/" + language + ".json";
            Set<String> missing = new TreeSet<>(english.keySet());
            missing.removeAll(messages.keySet());
            Set<String> extra = new TreeSet<>(messages.keySet());
            extra.removeAll(english.keySet());
            assertTrue(missing.isEmpty() && extra.isEmpty(), where + " lacks " + missing + " and has " + extra
                    + " beyond en.json");
            messages.forEach((key, text) -> {
                assertFalse(text.isBlank(), where + ": " + key + " is empty");
                assertEquals(placeholders(english.get(key)), placeholders(text),
                        where + ": " + key + " has other placeholders than in English: " + text);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyKeyThePageAndItsScriptsUseIsInItsCatalogues(Page page) {
        Map<String, String> known = new LinkedHashMap<>(catalogue(COMMON, "en"));
        known.putAll(catalogue(page.name(), "en"));
        Map<String, String> used = new LinkedHashMap<>(); // key -> where it is used
        keysOfHtml(page.html()).forEach(key -> used.putIfAbsent(key, page.file()));
        List<String> scripts = scripts(page.html());
        for (String script : scripts) {
            String code = read(script);
            if (code.contains("ParleyI18n")) { // a vendored library's own t("…") calls are not catalogue keys
                keysOfScript(code).forEach(key -> used.putIfAbsent(key, script));
            }
        }
        List<String> missing = used.entrySet().stream().filter(entry -> !known.containsKey(entry.getKey()))
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")").toList();
        assertTrue(missing.isEmpty(), page + ": keys in no catalogue of the page: " + missing);
        assertFalse(used.isEmpty(), page + " uses no key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void thePageLoadsTheCataloguesBeforeItsScriptsAndHasALanguageSwitch(Page page) {
        List<String> scripts = scripts(page.html());
        assertFalse(scripts.isEmpty(), page + " has no script");
        assertEquals("i18n.js", scripts.getFirst(), page + ": /i18n.js must come before the page's scripts");
        Matcher languageSwitch = SWITCH.matcher(page.html());
        assertTrue(languageSwitch.find(), page + " has no language switch (<div data-language-switch> or a <select>)");
        if (languageSwitch.group(1).equalsIgnoreCase("select")) { // a <div> gets its labelled <select> from i18n.js
            Matcher id = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(languageSwitch.group());
            assertTrue(id.find(), page + ": the language switch's <select> needs an id, for its label");
            assertTrue(page.html().contains("<label for=\"" + id.group(1) + "\""), page + ": the language switch has no label");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theHtmlHoldsNoTextOfItsOwn(Page page) {
        String body = NOT_TEXT.matcher(HTML_COMMENT.matcher(page.html()).replaceAll(""))
                .replaceAll("<$1></$1>");
        body = body.substring(body.indexOf("<body"));
        List<String> texts = new ArrayList<>();
        Matcher text = TEXT_NODE.matcher(body);
        while (text.find()) {
            String content = text.group(1).strip();
            if (content.codePoints().anyMatch(Character::isLetter) && !UNTRANSLATED.contains(content)) {
                texts.add(content);
            }
        }
        assertTrue(texts.isEmpty(), page + ": text written into the HTML instead of data-i18n: " + texts);
        List<String> labels = new ArrayList<>();
        Matcher attribute = ATTRIBUTE.matcher(body);
        while (attribute.find()) {
            if (LABEL_ATTRIBUTES.contains(attribute.group(1).toLowerCase())) {
                labels.add(attribute.group(1) + "=\"" + attribute.group(2) + "\"");
            }
        }
        assertTrue(labels.isEmpty(), page + ": labels written into the HTML instead of data-i18n-attr: " + labels);
    }

    @Test
    void everyServerErrorCodeHasAMessage() {
        Map<String, String> common = catalogue(COMMON, "en");
        List<String> missing = Stream.of(ErrorCode.values()).map(code -> "error." + code.name())
                .filter(key -> !common.containsKey(key)).toList();
        assertTrue(missing.isEmpty(), "common catalogue lacks the message of error codes " + missing);
    }

    @Test
    void everyCatalogueBelongsToAPage() throws IOException {
        Set<String> names = new TreeSet<>(catalogues().toList());
        try (Stream<Path> folders = Files.list(WEB.resolve("i18n"))) {
            for (Path folder : folders.toList()) {
                assertTrue(names.contains(folder.getFileName().toString()),
                        "i18n/" + folder.getFileName() + " is the catalogue of no page (no data-i18n-page names it)");
            }
        }
    }

    @Test
    void theKeyFinderSeesWhatPagesWrite() {
        // The patterns above decide what this test checks: they must find keys as the pages write them.
        assertEquals(Set.of("a.b", "c", "d-e"), keysOfScript("""
                ParleyI18n.t('a.b'); t("c", {x: 1}); t('d-e')
                t('prefix.' + code); format('no.key')
                // t('in.comment')
                /* t('in.block') */"""));
        assertEquals(Set.of("x.y", "p", "q"), keysOfHtml("""
                <h1 data-i18n="x.y"></h1><input data-i18n-attr="placeholder: p, aria-label:q">"""));
        assertEquals(Set.of("n", "v"), placeholders("{n} of {v}, {n}"));
    }

    // --- Reading ---------------------------------------------------------------------------------

    private static Path webFolder() {
        URL index = WebCatalogueTest.class.getClassLoader().getResource("web/i18n.js");
        assertNotNull(index, "web/i18n.js is not on the classpath");
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) {
        try (InputStream in = WebCatalogueTest.class.getClassLoader().getResourceAsStream("web/" + file)) {
            assertNotNull(in, "web/" + file + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A catalogue as i18n.js reads it: a flat JSON object of key to text. */
    static Map<String, String> catalogue(String name, String language) {
        String file = "i18n/" + name + "/" + language + ".json";
        JsonNode root;
        try {
            root = JSON.readTree(read(file));
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
        assertTrue(root.isObject(), file + " is not a JSON object");
        Map<String, String> messages = new LinkedHashMap<>();
        root.properties().forEach(entry -> {
            assertTrue(entry.getValue().isTextual(), file + ": " + entry.getKey() + " is not a string");
            messages.put(entry.getKey(), entry.getValue().asText());
        });
        return messages;
    }

    private static List<String> scripts(String html) {
        List<String> scripts = new ArrayList<>();
        Matcher script = SCRIPT.matcher(html);
        while (script.find()) {
            scripts.add(script.group(1).replaceFirst("^/", ""));
        }
        return scripts;
    }

    static Set<String> keysOfHtml(String html) {
        Set<String> keys = new TreeSet<>();
        Matcher text = TEXT_KEY.matcher(html);
        while (text.find()) {
            keys.add(text.group(1).strip());
        }
        Matcher attributes = ATTRIBUTE_KEYS.matcher(html);
        while (attributes.find()) {
            for (String pair : attributes.group(1).split(",")) {
                String[] parts = pair.split(":", 2);
                assertEquals(2, parts.length, "data-i18n-attr pair without a key: " + pair);
                keys.add(parts[1].strip());
            }
        }
        return keys;
    }

    static Set<String> keysOfScript(String script) {
        String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(script).replaceAll("")).replaceAll("");
        Set<String> keys = new TreeSet<>();
        Matcher key = SCRIPT_KEY.matcher(code);
        while (key.find()) {
            keys.add(key.group(2));
        }
        return keys;
    }

    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }
}
