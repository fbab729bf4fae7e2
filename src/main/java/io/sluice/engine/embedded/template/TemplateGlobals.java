package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The two globals Hugging Face adds to every chat template, as static methods Jinjava registers as functions.
 *
 * <p>Templates also test them with {@code strftime_now is defined} (Llama 3.2 falls back to a fixed date without
 * it); functions are not variables in Jinjava, so {@link TemplateEngine} also binds a {@link Marker} under each
 * name.
 */
final class TemplateGlobals {

    /** The binding that carries the render's clock; a dotted name no template expression can reach. */
    static final String CLOCK_BINDING = "sluice.clock";

    private TemplateGlobals() {
    }

    /** {@code raise_exception(message)}: the template rejects the conversation. */
    public static String raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the current time of the render's clock, formatted like Python's strftime. */
    public static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Object clock = interpreter == null ? null : interpreter.getContext().get(CLOCK_BINDING);
        Clock c = clock instanceof Clock given ? given : Clock.systemDefaultZone();
        return StrftimeFormatter.format(ZonedDateTime.now(c), format, Locale.ENGLISH);
    }

    /** Stands in for a global function wherever a template reads it as a variable. */
    record Marker(String name) {
        @Override
        public String toString() {
            return "<function " + name + ">";
        }
    }
}
