package io.sluice.api;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics}, read the way Prometheus reads it (public for the chat page's browser test). */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    final String text;
    private final Map<String, Double> samples = new HashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    key.append('|').append(l.group(1)).append('=').append(l.group(2));
                }
            }
            samples.put(key.toString(), Double.parseDouble(m.group(4)));
        }
    }

    public static Scrape of(URI base) {
        HttpResponse<String> response = Http.get(base, "/q/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/q/metrics answered " + response.statusCode());
        }
        return new Scrape(response.body());
    }

    /** A sample without labels (0 when absent). */
    double value(String name) {
        return samples.getOrDefault(name, 0.0);
    }

    /** A sample with one label (0 when absent). */
    public double value(String name, String label, String labelValue) {
        return samples.getOrDefault(name + "|" + label + "=" + labelValue, 0.0);
    }

    /** The {@code # TYPE} Prometheus gives {@code name}, or null. */
    String type(String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE " + name + " ")) {
                return line.substring(("# TYPE " + name + " ").length()).trim();
            }
        }
        return null;
    }

    /** Scrapes until {@code condition} holds or {@code millis} pass; returns the last scrape. */
    public static Scrape await(URI base, long millis, Predicate<Scrape> condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Scrape scrape = of(base);
        while (!condition.test(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            scrape = of(base);
        }
        return scrape;
    }
}
