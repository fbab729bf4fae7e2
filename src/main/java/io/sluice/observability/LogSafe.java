package io.sluice.observability;

/**
 * Makes client-controlled text safe to log: control characters (newlines above all) are escaped, so a value cannot
 * end the log line and start a forged one, and long values are cut.
 */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    /** {@code text} with control and line-separator characters escaped as {@code \n}, {@code \u2028}, ...; cut long. */
    public static String text(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (out.length() >= MAX && text.length() > MAX) {
            out.append("…");
        }
        return out.toString();
    }

    /**
     * A copy of {@code failure} for logging with its stack trace: same class name and frames, messages escaped, the
     * cause chain copied the same way. An exception message may quote request content.
     */
    public static Throwable scrub(Throwable failure) {
        return scrub(failure, 0);
    }

    private static Throwable scrub(Throwable failure, int depth) {
        Scrubbed copy = new Scrubbed(failure.getClass().getName() + ": " + text(failure.getMessage()));
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null && failure.getCause() != failure && depth < 8) {
            copy.initCause(scrub(failure.getCause(), depth + 1));
        }
        return copy;
    }

    /** Stands in for a logged exception; its message names the original class. */
    private static final class Scrubbed extends RuntimeException {
        Scrubbed(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
