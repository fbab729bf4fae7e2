package io.sluice.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit reads it, for the checks: comments and parser directives dropped, continued
 * lines joined, each instruction's {@code --flags} apart from its arguments, instructions grouped into stages.
 * No heredocs (the file does not use them; {@link DockerfileTest} fails on {@code <<}).
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

    record Instruction(int line, String keyword, Map<String, String> flags, String args) {

        /** The arguments in exec (JSON array) form, or null when written in shell form. */
        List<String> execForm() {
            if (!args.startsWith("[")) {
                return null;
            }
            try {
                return Repo.JSON.readValue(args, new TypeReference<List<String>>() { });
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        /** Whitespace-separated words, quotes not interpreted (enough for COPY, USER, EXPOSE, WORKDIR). */
        List<String> words() {
            return List.of(args.trim().split("\\s+"));
        }
    }

    record Stage(String name, String image, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.getLast();
        }

        /** The stage's environment from its ENV lines ({@code k=v} pairs, quotes removed), later lines winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S*))");
            for (Instruction i : all("ENV")) {
                Matcher m = pair.matcher(i.args());
                while (m.find()) {
                    String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1")
                            : m.group(4) != null ? m.group(4) : m.group(5);
                    env.put(m.group(1), value);
                }
            }
            return env;
        }

        /** The WORKDIR in force at the end of the stage. */
        String workdir() {
            Instruction w = last("WORKDIR");
            return w == null ? "/" : w.args().trim();
        }
    }

    static Dockerfile parse(Path file) {
        String[] lines = Repo.read(file).split("\n", -1);
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (current == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                current = new StringBuilder();
                start = n + 1;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(instruction(start, current.toString()));
            current = null;
        }
        if (current != null) {
            throw new IllegalArgumentException(file + ": the last instruction ends with a line continuation");
        }
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                List<String> words = i.words();
                String image = substitute(words.getFirst(), globalArgs);
                String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                body = new ArrayList<>();
                body.add(i);
                stages.add(new Stage(name, image, body));
            } else if (body == null) {
                if (!i.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(file + ":" + i.line() + ": only ARG may come before FROM");
                }
                String[] kv = i.args().trim().split("=", 2);
                globalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
            } else {
                body.add(i);
            }
        }
        return new Dockerfile(globalArgs, stages);
    }

    private static Instruction instruction(int line, String text) {
        String[] split = text.split("\\s+", 2);
        String keyword = split[0].toUpperCase();
        String rest = split.length > 1 ? split[1] : "";
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            String[] f = rest.split("\\s+", 2);
            String[] kv = f[0].substring(2).split("=", 2);
            flags.put(kv[0], kv.length > 1 ? kv[1] : "");
            rest = f.length > 1 ? f[1] : "";
        }
        return new Instruction(line, keyword, flags, rest);
    }

    /** {@code ${NAME}} and {@code $NAME} from the ARG defaults. */
    static String substitute(String text, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(args.getOrDefault(name, "")));
        }
        return m.appendTail(sb).toString();
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    Stage finalStage() {
        return stages.getLast();
    }

    /** The image's runtime user id (the final stage's last USER, numeric part before any ':'). */
    int userId() {
        Instruction user = finalStage().last("USER");
        if (user == null) {
            throw new AssertionError("the image sets no USER: it would run as root");
        }
        return Integer.parseInt(user.args().trim().split(":")[0]);
    }

    static Dockerfile load() {
        return parse(Repo.DOCKER.resolve("Dockerfile"));
    }
}
