package org.parley.signaling.browser;

/**
 * One line a page wrote to its console ({@code Runtime.consoleAPICalled}), a browser log entry
 * ({@code Log.entryAdded}) or an uncaught exception ({@code Runtime.exceptionThrown}).
 *
 * @param source {@code console}, {@code log} or {@code exception}
 * @param level  {@code log}, {@code info}, {@code warning}, {@code error}, ... as reported by the browser
 * @param text   the message text; console arguments are joined with spaces
 */
public record ConsoleMessage(String source, String level, String text) {

    @Override
    public String toString() {
        return "[" + source + ":" + level + "] " + text;
    }
}
