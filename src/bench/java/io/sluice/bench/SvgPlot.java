package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small hand-written SVG line chart: one or more panels side by side, each with its own y axis and a few named
 * series over the same categorical x values (e.g. concurrency 1, 4, 16, 64). No third-party code.
 */
final class SvgPlot {

    record Series(String name, String color, boolean dashed, double[] ys) {
    }

    record Panel(String title, String yLabel, List<Series> series) {
    }

    private static final int PW = 360;
    private static final int PH = 260;
    private static final int ML = 62;
    private static final int MR = 16;
    private static final int MT = 56;
    private static final int MB = 92;

    private SvgPlot() {
    }

    static void write(Path file, String title, String xLabel, String[] xs, List<Panel> panels) {
        int width = panels.size() * (ML + PW + MR);
        int height = MT + PH + MB;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                ML, esc(title)));
        for (int p = 0; p < panels.size(); p++) {
            panel(svg, p * (ML + PW + MR) + ML, MT, xLabel, xs, panels.get(p));
        }
        svg.append("</svg>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void panel(StringBuilder svg, int x0, int y0, String xLabel, String[] xs, Panel panel) {
        double max = 0;
        for (Series s : panel.series()) {
            for (double y : s.ys()) {
                if (Double.isFinite(y)) {
                    max = Math.max(max, y);
                }
            }
        }
        double top = niceCeiling(max);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, y0 - 12,
                esc(panel.title())));
        // grid and y ticks
        for (int i = 0; i <= 5; i++) {
            double v = top * i / 5;
            double y = y0 + PH - PH * (double) i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    x0, y, x0 + PW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 - 6,
                    y + 4, fmt(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">%s"
                + "</text>%n", x0 - 46, y0 + PH / 2, esc(panel.yLabel())));
        // x ticks
        for (int i = 0; i < xs.length; i++) {
            double x = xPos(x0, i, xs.length);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    y0 + PH + 18, esc(xs[i])));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x0 + PW / 2,
                y0 + PH + 36, esc(xLabel)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", x0, y0, PW, PH));
        // series
        int legendY = y0 + PH + 54;
        int legendX = x0;
        for (Series s : panel.series()) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.ys().length; i++) {
                if (!Double.isFinite(s.ys()[i])) {
                    continue;
                }
                double x = xPos(x0, i, xs.length);
                double y = y0 + PH - PH * s.ys()[i] / top;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y,
                        s.color()));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", pts.toString().trim(), s.color(),
                    s.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/>%n", legendX, legendY - 4, legendX + 18, legendY - 4, s.color(),
                    s.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX + 22, legendY,
                    esc(s.name())));
            legendX += 24 + 7 * s.name().length() + 14;
            if (legendX > x0 + PW - 60) {
                legendX = x0;
                legendY += 16;
            }
        }
    }

    private static double xPos(int x0, int i, int n) {
        return x0 + PW * (i + 0.5) / n;
    }

    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= max * 1.05) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmt(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static List<Series> list(Series... s) {
        return new ArrayList<>(List.of(s));
    }
}
