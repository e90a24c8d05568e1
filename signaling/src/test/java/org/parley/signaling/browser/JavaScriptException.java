package org.parley.signaling.browser;

/**
 * A JavaScript exception thrown (or a promise rejected) by an expression evaluated in a page. The
 * message is the JavaScript description, usually {@code "Error: message"} followed by the JS stack.
 */
public final class JavaScriptException extends DevToolsException {

    public JavaScriptException(String message) {
        super(message);
    }
}
