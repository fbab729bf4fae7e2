package io.sluice.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} as BuildKit applies it: patterns relative to the context root ({@code *}, {@code ?},
 * {@code **}), a pattern also covering everything below what it matches, {@code !} re-including, the last matching
 * pattern deciding.
 */
record DockerIgnore(List<Rule> rules) {

    record Rule(Pattern pattern, boolean exclude) {
    }

    static DockerIgnore parse(Path file) {
        List<Rule> rules = new ArrayList<>();
        for (String line : Repo.read(file).split("\n")) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            boolean exclude = !p.startsWith("!");
            if (!exclude) {
                p = p.substring(1).strip();
            }
            p = p.replaceAll("^/+", "").replaceAll("/+$", "");
            rules.add(new Rule(Pattern.compile(regex(p)), exclude));
        }
        return new DockerIgnore(rules);
    }

    private static String regex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                sb.append(".*");
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    sb.append("/?");
                }
            } else if (c == '*') {
                sb.append("[^/]*");
            } else if (c == '?') {
                sb.append("[^/]");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    /** Whether the context keeps {@code path} (relative to the context root, '/'-separated). */
    boolean includes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParent(rule.pattern(), path)) {
                excluded = rule.exclude();
            }
        }
        return !excluded;
    }

    private static boolean matchesOrParent(Pattern pattern, String path) {
        String p = path;
        while (true) {
            if (pattern.matcher(p).matches()) {
                return true;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            p = p.substring(0, slash);
        }
    }
}
