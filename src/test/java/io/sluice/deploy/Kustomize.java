package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.ConfigMapArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Image;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.SecretArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Selector;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Renders a Kustomize directory the way {@code kustomize build} (v5) does, for the features this repository's
 * kustomizations use: {@code resources} (files and directories), {@code configMapGenerator} and
 * {@code secretGenerator} from literals and files with {@code behavior} create, merge or replace, {@code patches}
 * holding JSON 6902 operations with a kind/name target, {@code namespace}, and {@code images}. Generated ConfigMaps
 * and Secrets get Kustomize's content-hash suffix (same hash, so the names match) and the pod specs that refer to
 * them are rewritten.
 *
 * <p>Anything else (an unknown field, or a feature outside that list) is refused with its name rather than
 * ignored, so a kustomization this class cannot render faithfully never passes silently. Where {@code kubectl}
 * is installed, {@link KustomizeTest} checks that both render the same objects.
 */
final class Kustomize {

    /** Kinds the namespace transformer leaves alone (cluster-scoped); Namespace objects are renamed instead. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "RuntimeClass",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "IngressClass");

    /** A rendered object, with the name it had before any hash suffix (what patches and references use). */
    private static final class Res {
        ObjectNode object;
        final String originalName;
        final boolean generated;

        Res(ObjectNode object, boolean generated) {
            this.object = object;
            this.originalName = object.path("metadata").path("name").asText();
            this.generated = generated;
        }

        String kind() {
            return object.path("kind").asText();
        }

        String namespace() {
            return object.path("metadata").path("namespace").asText("");
        }
    }

    private Kustomize() {
    }

    /** The objects {@code kustomize build dir} prints (in no particular order). */
    static List<ObjectNode> build(Path dir) {
        List<Res> resources = render(dir.toAbsolutePath().normalize(), new HashSet<>());
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Res r : resources) {
            if (r.generated) {
                String name = r.originalName + "-" + hashSuffix(r.object);
                ((ObjectNode) r.object.get("metadata")).put("name", name);
                renamed.put(r.kind() + "|" + r.namespace() + "|" + r.originalName, name);
            }
        }
        for (Res r : resources) {
            String ns = r.namespace();
            forEachPodSpec(r.object, spec -> renameReferences(spec, ns, renamed));
        }
        return resources.stream().map(r -> r.object).toList();
    }

    private static List<Res> render(Path dir, Set<Path> visiting) {
        if (!visiting.add(dir)) {
            throw new IllegalArgumentException("kustomization cycle at " + dir);
        }
        Kustomization k = parse(dir);
        List<Res> out = new ArrayList<>();
        for (String entry : k.getResources()) {
            Path path = dir.resolve(entry).normalize();
            if (Files.isDirectory(path)) {
                out.addAll(render(path, visiting));
            } else if (Files.isRegularFile(path)) {
                for (JsonNode doc : Repo.yamlDocuments(path)) {
                    if (!(doc instanceof ObjectNode object) || !object.path("kind").isTextual()
                            || !object.path("apiVersion").isTextual()
                            || !object.path("metadata").path("name").isTextual()) {
                        throw new IllegalArgumentException(path + ": every document needs apiVersion, kind and "
                                + "metadata.name");
                    }
                    out.add(new Res(object, false));
                }
            } else {
                throw new IllegalArgumentException(dir + ": resource " + entry + " does not exist");
            }
        }
        for (ConfigMapArgs args : k.getConfigMapGenerator()) {
            generate(dir, out, "ConfigMap", args.getName(), args.getBehavior(), args.getLiterals(), args.getFiles(),
                    null, unsupported(args.getNamespace(), args.getEnv(), args.getEnvs(), args.getOptions()));
        }
        for (SecretArgs args : k.getSecretGenerator()) {
            generate(dir, out, "Secret", args.getName(), args.getBehavior(), args.getLiterals(), args.getFiles(),
                    args.getType() == null ? "Opaque" : args.getType(),
                    unsupported(args.getNamespace(), args.getEnv(), args.getEnvs(), args.getOptions()));
        }
        for (Patch patch : k.getPatches()) {
            applyPatch(dir, out, patch);
        }
        if (k.getNamespace() != null) {
            for (Res r : out) {
                ObjectNode meta = (ObjectNode) r.object.get("metadata");
                if (r.kind().equals("Namespace")) {
                    meta.put("name", k.getNamespace());
                } else if (!CLUSTER_SCOPED.contains(r.kind())) {
                    meta.put("namespace", k.getNamespace());
                }
            }
        }
        for (Image image : k.getImages()) {
            if (image.getTagSuffix() != null || !image.getAdditionalProperties().isEmpty()) {
                throw new IllegalArgumentException(dir + ": images." + image.getName() + " uses fields this renderer"
                        + " does not support");
            }
            for (Res r : out) {
                setImages(r.object, image);
            }
        }
        Set<String> ids = new HashSet<>();
        for (Res r : out) {
            if (!ids.add(r.kind() + "|" + r.namespace() + "|" + r.originalName)) {
                throw new IllegalArgumentException(dir + ": two objects are " + r.kind() + " " + r.originalName);
            }
        }
        visiting.remove(dir);
        return out;
    }

    private static Kustomization parse(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        Kustomization k;
        try {
            k = Repo.YAML.treeToValue(Repo.yaml(file), Kustomization.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not a Kustomization", e);
        }
        List<String> unknown = Strict.unknownFields(k);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": unknown fields " + unknown);
        }
        if (k.getApiVersion() != null && !k.getApiVersion().equals("kustomize.config.k8s.io/v1beta1")
                || k.getKind() != null && !k.getKind().equals("Kustomization")) {
            throw new IllegalArgumentException(file + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        Map<String, Object> unsupported = new LinkedHashMap<>();
        unsupported.put("bases", k.getBases());
        unsupported.put("buildMetadata", k.getBuildMetadata());
        unsupported.put("commonAnnotations", k.getCommonAnnotations());
        unsupported.put("commonLabels", k.getCommonLabels());
        unsupported.put("components", k.getComponents());
        unsupported.put("configurations", k.getConfigurations());
        unsupported.put("crds", k.getCrds());
        unsupported.put("generatorOptions", k.getGeneratorOptions());
        unsupported.put("generators", k.getGenerators());
        unsupported.put("helmChartInflationGenerator", k.getHelmChartInflationGenerator());
        unsupported.put("helmCharts", k.getHelmCharts());
        unsupported.put("helmGlobals", k.getHelmGlobals());
        unsupported.put("imageTags", k.getImageTags());
        unsupported.put("labels", k.getLabels());
        unsupported.put("metadata", k.getMetadata());
        unsupported.put("namePrefix", k.getNamePrefix());
        unsupported.put("nameSuffix", k.getNameSuffix());
        unsupported.put("openapi", k.getOpenapi());
        unsupported.put("patchesJson6902", k.getPatchesJson6902());
        unsupported.put("patchesStrategicMerge", k.getPatchesStrategicMerge());
        unsupported.put("replacements", k.getReplacements());
        unsupported.put("replicas", k.getReplicas());
        unsupported.put("sortOptions", k.getSortOptions());
        unsupported.put("transformers", k.getTransformers());
        unsupported.put("validators", k.getValidators());
        unsupported.put("vars", k.getVars());
        unsupported.forEach((field, value) -> {
            if (value != null && !(value instanceof List<?> l && l.isEmpty())
                    && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by this renderer; "
                        + "use the features listed in Kustomize's class comment");
            }
        });
        return k;
    }

    private static boolean unsupported(Object... values) {
        for (Object v : values) {
            if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static void generate(Path dir, List<Res> out, String kind, String name, String behavior,
                                 List<String> literals, List<String> files, String secretType, boolean unsupported) {
        if (unsupported) {
            throw new IllegalArgumentException(dir + ": generator " + name + " uses namespace, env, envs or options,"
                    + " which this renderer does not support");
        }
        Map<String, String> data = new TreeMap<>();
        for (String literal : literals) {
            int eq = literal.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(dir + ": literal '" + literal + "' is not KEY=VALUE");
            }
            data.put(literal.substring(0, eq), removeQuotes(literal.substring(eq + 1)));
        }
        for (String file : files) {
            int eq = file.indexOf('=');
            String key = eq < 0 ? Path.of(file).getFileName().toString() : file.substring(0, eq);
            Path path = dir.resolve(eq < 0 ? file : file.substring(eq + 1)).normalize();
            data.put(key, Repo.read(path));
        }
        if (secretType != null) {
            data.replaceAll((k, v) -> base64Lines(v));
        }
        String mode = behavior == null ? "create" : behavior;
        Res existing = out.stream()
                .filter(r -> r.kind().equals(kind) && r.originalName.equals(name))
                .findFirst().orElse(null);
        switch (mode) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException(dir + ": " + kind + " " + name + " exists; use behavior merge");
                }
                ObjectNode object = Repo.JSON.createObjectNode();
                object.put("apiVersion", "v1");
                object.put("kind", kind);
                object.putObject("metadata").put("name", name);
                ObjectNode dataNode = object.putObject("data");
                data.forEach(dataNode::put);
                if (secretType != null) {
                    object.put("type", secretType);
                }
                out.add(new Res(object, true));
            }
            case "merge", "replace" -> {
                if (existing == null || !existing.generated) {
                    throw new IllegalArgumentException(dir + ": no generated " + kind + " " + name + " to " + mode);
                }
                ObjectNode dataNode = mode.equals("replace") ? existing.object.putObject("data")
                        : (ObjectNode) existing.object.get("data");
                data.forEach(dataNode::put);
                Map<String, JsonNode> sorted = new TreeMap<>();
                dataNode.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
                dataNode.removeAll();
                sorted.forEach(dataNode::set);
            }
            default -> throw new IllegalArgumentException(dir + ": unknown behavior " + behavior);
        }
    }

    /** Kustomize strips one pair of matching quotes around a literal's value. */
    private static String removeQuotes(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Base64 as Kustomize writes Secret data: 70-character lines, each ending in a newline once it needs two. */
    static String base64Lines(String value) {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        int lines = encoded.length() / 70 + 1;
        if (lines == 1) {
            return encoded;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 70) {
            sb.append(encoded, i, Math.min(encoded.length(), i + 70)).append('\n');
        }
        return sb.toString();
    }

    private static void applyPatch(Path dir, List<Res> out, Patch patch) {
        if (patch.getOptions() != null && !patch.getOptions().isEmpty()) {
            throw new IllegalArgumentException(dir + ": patch options are not supported");
        }
        Selector target = patch.getTarget();
        if (target == null || target.getKind() == null || target.getName() == null
                || target.getLabelSelector() != null || target.getAnnotationSelector() != null) {
            throw new IllegalArgumentException(dir + ": a patch needs a target with kind and name (and no selectors)");
        }
        String text = patch.getPatch() != null ? patch.getPatch() : Repo.read(dir.resolve(patch.getPath()));
        JsonNode operations;
        try {
            operations = Repo.YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": patch is not YAML", e);
        }
        if (!(operations instanceof ArrayNode)) {
            throw new IllegalArgumentException(dir + ": only JSON 6902 patches (a list of operations) are supported");
        }
        Pattern name = Pattern.compile(target.getName());
        int applied = 0;
        for (Res r : out) {
            if (!r.kind().equals(target.getKind()) || !name.matcher(r.originalName).matches()
                    || target.getNamespace() != null && !target.getNamespace().equals(r.namespace())
                    || target.getGroup() != null && !group(r.object).equals(target.getGroup())
                    || target.getVersion() != null && !version(r.object).equals(target.getVersion())) {
                continue;
            }
            r.object = (ObjectNode) JsonPatch.apply(operations, r.object);
            applied++;
        }
        if (applied == 0) {
            throw new IllegalArgumentException(dir + ": patch target " + target.getKind() + " " + target.getName()
                    + " matches nothing");
        }
    }

    private static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    private static String version(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /** Kustomize's image transformer: every {@code containers[].image} and {@code initContainers[].image}. */
    private static void setImages(JsonNode node, Image image) {
        if (node instanceof ObjectNode object) {
            for (String field : List.of("containers", "initContainers")) {
                if (object.get(field) instanceof ArrayNode containers) {
                    for (JsonNode c : containers) {
                        if (c instanceof ObjectNode container && container.path("image").isTextual()) {
                            String updated = retag(container.get("image").asText(), image);
                            if (updated != null) {
                                container.put("image", updated);
                            }
                        }
                    }
                }
            }
            object.forEach(child -> setImages(child, image));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> setImages(child, image));
        }
    }

    /** The new reference for {@code ref}, or null when the entry does not name this image. */
    private static String retag(String ref, Image image) {
        String name = ref;
        String suffix = "";
        int at = ref.indexOf('@');
        int colon = ref.lastIndexOf(':');
        if (at >= 0) {
            name = ref.substring(0, at);
            suffix = ref.substring(at);
        } else if (colon > ref.lastIndexOf('/')) {
            name = ref.substring(0, colon);
            suffix = ref.substring(colon);
        }
        if (!name.equals(image.getName())) {
            return null;
        }
        String newName = image.getNewName() != null ? image.getNewName() : name;
        if (image.getDigest() != null) {
            return newName + "@" + image.getDigest();
        }
        if (image.getNewTag() != null) {
            return newName + ":" + image.getNewTag();
        }
        return newName + suffix;
    }

    /** Calls {@code action} on every pod spec: any object with a {@code containers} list. */
    static void forEachPodSpec(JsonNode node, Consumer<ObjectNode> action) {
        if (node instanceof ObjectNode object) {
            if (object.get("containers") instanceof ArrayNode) {
                action.accept(object);
                return;
            }
            object.forEach(child -> forEachPodSpec(child, action));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> forEachPodSpec(child, action));
        }
    }

    private static void renameReferences(ObjectNode podSpec, String ns, Map<String, String> renamed) {
        for (String field : List.of("containers", "initContainers")) {
            for (JsonNode c : podSpec.path(field)) {
                for (JsonNode from : c.path("envFrom")) {
                    rename(from.get("configMapRef"), "name", "ConfigMap", ns, renamed);
                    rename(from.get("secretRef"), "name", "Secret", ns, renamed);
                }
                for (JsonNode env : c.path("env")) {
                    rename(env.path("valueFrom").get("configMapKeyRef"), "name", "ConfigMap", ns, renamed);
                    rename(env.path("valueFrom").get("secretKeyRef"), "name", "Secret", ns, renamed);
                }
            }
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            rename(volume.get("configMap"), "name", "ConfigMap", ns, renamed);
            rename(volume.get("secret"), "secretName", "Secret", ns, renamed);
            for (JsonNode source : volume.path("projected").path("sources")) {
                rename(source.get("configMap"), "name", "ConfigMap", ns, renamed);
                rename(source.get("secret"), "name", "Secret", ns, renamed);
            }
        }
        for (JsonNode pullSecret : podSpec.path("imagePullSecrets")) {
            rename(pullSecret, "name", "Secret", ns, renamed);
        }
    }

    private static void rename(JsonNode ref, String field, String kind, String ns, Map<String, String> renamed) {
        if (ref instanceof ObjectNode object && object.path(field).isTextual()) {
            String to = renamed.get(kind + "|" + ns + "|" + object.get(field).asText());
            if (to != null) {
                object.put(field, to);
            }
        }
    }

    /**
     * Kustomize's name suffix for a generated ConfigMap or Secret: SHA-256 of the Go JSON encoding of
     * {kind, name, data} (plus type for a Secret), its first ten hex digits with 0, 1, 3, a and e replaced so that
     * the suffix never reads as a number or a word. The name enters as "": Kustomize v5 looks it up as the single
     * field "metadata/name", which no object has (checked against kubectl's names in {@link KustomizeTest}).
     */
    static String hashSuffix(ObjectNode object) {
        Map<String, Object> encoded = new TreeMap<>();
        Map<String, String> data = new TreeMap<>();
        object.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        encoded.put("kind", object.get("kind").asText());
        encoded.put("name", "");
        encoded.put("data", data);
        if (object.get("kind").asText().equals("Secret")) {
            encoded.put("type", object.path("type").asText("Opaque"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(goJson(encoded).getBytes(StandardCharsets.UTF_8));
            char[] hex = HexFormat.of().formatHex(digest).substring(0, 10).toCharArray();
            for (int i = 0; i < hex.length; i++) {
                hex[i] = switch (hex[i]) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> hex[i];
                };
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's {@code json.Marshal} of nested string maps: sorted keys, and its HTML-safe string escaping. */
    private static String goJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            new TreeMap<>(map).forEach((k, v) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(goJson(k)).append(':').append(goJson(v));
            });
            return sb.append('}').toString();
        }
        String s = Objects.toString(value);
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
