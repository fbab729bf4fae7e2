package io.sluice.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's ScaledObject ({@code keda.sh/v1alpha1}), strictly: the fields KEDA 2.x documents, as records that refuse
 * unknown fields and type mismatches; the Prometheus trigger's metadata keys and values; and the HPA behavior,
 * which KEDA copies into the HorizontalPodAutoscaler it creates, validated as part of such an HPA against the
 * Kubernetes schema.
 */
final class ScaledObjects {

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    }

    record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
                Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
                Integer maxReplicaCount, Fallback fallback, Advanced advanced, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
    }

    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig,
                    JsonNode scalingModifiers) {
    }

    record HpaConfig(String name, JsonNode behavior) {
    }

    record Trigger(String type, String name, String metricType, Boolean useCachedMetrics,
                   Map<String, JsonNode> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    /** The Prometheus scaler's metadata keys (KEDA 2.x docs) and which of them are required. */
    static final Set<String> PROMETHEUS_KEYS = Set.of("serverAddress", "query", "threshold", "activationThreshold",
            "namespace", "customHeaders", "ignoreNullValues", "queryParameters", "unsafeSsl", "timeout", "authModes");
    static final Set<String> PROMETHEUS_REQUIRED = Set.of("serverAddress", "query", "threshold");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ScaledObjects() {
    }

    static ScaledObject parse(JsonNode object) {
        try {
            return STRICT.treeToValue(object, ScaledObject.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(Manifests.describe(object) + ": " + e.getOriginalMessage(), e);
        }
    }

    static List<String> errors(JsonNode object) {
        List<String> errors = new ArrayList<>();
        ScaledObject so;
        try {
            so = parse(object);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        String name = Manifests.describe(object) + ": ";
        Strict.unknownFields(so.metadata()).forEach(f -> errors.add(name + "unknown field metadata." + f));
        if (so.metadata() == null || so.metadata().getName() == null) {
            errors.add(name + "metadata.name is required");
        }
        Spec spec = so.spec();
        if (spec == null || spec.scaleTargetRef() == null || spec.scaleTargetRef().name() == null) {
            return List.of(name + "spec.scaleTargetRef.name is required");
        }
        int min = spec.minReplicaCount() == null ? 0 : spec.minReplicaCount();
        int max = spec.maxReplicaCount() == null ? 100 : spec.maxReplicaCount();
        if (min < 0 || max < 1 || min > max) {
            errors.add(name + "replica bounds " + min + ".." + max + " are not valid");
        }
        if (spec.triggers() == null || spec.triggers().isEmpty()) {
            errors.add(name + "spec.triggers needs at least one trigger");
        } else {
            for (Trigger t : spec.triggers()) {
                errors.addAll(triggerErrors(name, t));
            }
        }
        if (spec.advanced() != null && spec.advanced().horizontalPodAutoscalerConfig() != null
                && spec.advanced().horizontalPodAutoscalerConfig().behavior() != null) {
            ObjectNode hpa = Repo.JSON.createObjectNode();
            hpa.put("apiVersion", "autoscaling/v2");
            hpa.put("kind", "HorizontalPodAutoscaler");
            hpa.putObject("metadata").put("name", "keda-hpa-" + so.metadata().getName());
            ObjectNode hpaSpec = hpa.putObject("spec");
            ObjectNode ref = hpaSpec.putObject("scaleTargetRef");
            ref.put("apiVersion", spec.scaleTargetRef().apiVersion() == null ? "apps/v1"
                    : spec.scaleTargetRef().apiVersion());
            ref.put("kind", spec.scaleTargetRef().kind() == null ? "Deployment" : spec.scaleTargetRef().kind());
            ref.put("name", spec.scaleTargetRef().name());
            hpaSpec.put("minReplicas", Math.max(1, min));
            hpaSpec.put("maxReplicas", max);
            hpaSpec.set("behavior", spec.advanced().horizontalPodAutoscalerConfig().behavior());
            Manifests.openApiErrors(hpa).forEach(e -> errors.add(name + "advanced.horizontalPodAutoscalerConfig: " + e));
        }
        return errors;
    }

    private static List<String> triggerErrors(String name, Trigger t) {
        List<String> errors = new ArrayList<>();
        if (t.type() == null || t.metadata() == null) {
            return List.of(name + "a trigger needs type and metadata");
        }
        t.metadata().forEach((k, v) -> {
            if (!v.isTextual()) {
                errors.add(name + "trigger metadata." + k + " must be a string (KEDA's schema), not " + v.getNodeType());
            }
        });
        if (!t.type().equals("prometheus")) {
            errors.add(name + "trigger type " + t.type() + " has no checks here; add them to ScaledObjects");
            return errors;
        }
        if (t.metricType() != null && !Set.of("AverageValue", "Value").contains(t.metricType())) {
            errors.add(name + "metricType " + t.metricType() + " is not AverageValue or Value");
        }
        for (String key : t.metadata().keySet()) {
            if (!PROMETHEUS_KEYS.contains(key)) {
                errors.add(name + "the prometheus scaler has no metadata key " + key);
            }
        }
        for (String key : PROMETHEUS_REQUIRED) {
            if (!t.metadata().containsKey(key)) {
                errors.add(name + "the prometheus scaler needs metadata." + key);
            }
        }
        for (String key : List.of("threshold", "activationThreshold")) {
            JsonNode v = t.metadata().get(key);
            if (v != null && v.isTextual()) {
                try {
                    if (new BigDecimal(v.asText()).signum() < 0) {
                        errors.add(name + key + " is negative");
                    }
                } catch (NumberFormatException e) {
                    errors.add(name + key + " '" + v.asText() + "' is not a number");
                }
            }
        }
        for (String key : List.of("ignoreNullValues", "unsafeSsl")) {
            JsonNode v = t.metadata().get(key);
            if (v != null && !Set.of("true", "false").contains(v.asText())) {
                errors.add(name + key + " must be \"true\" or \"false\"");
            }
        }
        JsonNode address = t.metadata().get("serverAddress");
        if (address != null && !address.asText().matches("https?://[^/\\s]+(/\\S*)?")) {
            errors.add(name + "serverAddress " + address.asText() + " is not an http(s) URL");
        }
        return errors;
    }
}
