package io.sluice.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates rendered Kubernetes objects: built-in kinds against the Kubernetes OpenAPI schema that fabric8 ships
 * (an unknown field, a wrong type or a missing required field is an error) and then parsed into fabric8's typed
 * model; KEDA's ScaledObject against {@link ScaledObjects}. Only the kinds listed here may appear, so a kind no
 * schema knows cannot slip through unvalidated.
 */
final class Manifests {

    /** {@code apiVersion/kind} of every built-in kind the overlays may hold, with its fabric8 class. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";

    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static Validator validator;

    private Manifests() {
    }

    static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
    }

    /** Loading the schema takes seconds: once per test JVM. */
    static synchronized Validator validator() {
        if (validator == null) {
            validator = Validator.newInstance();
        }
        return validator;
    }

    /** Everything wrong with one object against its schema; empty when it is valid. */
    static List<String> schemaErrors(JsonNode object) {
        String key = key(object);
        if (key.equals(SCALED_OBJECT)) {
            return ScaledObjects.errors(object);
        }
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            return List.of(describe(object) + ": " + key + " is not a kind these checks know; add it to "
                    + "Manifests.KINDS (built-in) or give it a schema");
        }
        List<String> errors = new ArrayList<>(openApiErrors(object));
        try {
            HasMetadata typed = Repo.JSON.treeToValue(object, type);
            Strict.unknownFields(typed).forEach(f -> errors.add("unknown field " + f));
        } catch (JsonProcessingException e) {
            errors.add("does not parse as " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
        return errors.stream().map(e -> describe(object) + ": " + e).toList();
    }

    /**
     * The OpenAPI validator's errors, less two it gets wrong: the schema types IntOrString and Quantity as strings,
     * while the API server (and Kubernetes' own JSON decoding) takes numbers there too ({@code maxUnavailable: 1},
     * {@code cpu: 2}).
     */
    static List<String> openApiErrors(JsonNode object) {
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : validator().validate(withoutBase64LineBreaks(object)).getMessages()) {
            if (m.getLevel() != ValidationMessage.Level.ERROR) {
                continue;
            }
            String schema = m.getSchema() == null ? "" : m.getSchema();
            boolean numberWhereIntOrString = schema.endsWith(INT_OR_STRING)
                    && m.getMessage().contains("Instance type (integer)");
            boolean numberWhereQuantity = schema.endsWith(QUANTITY)
                    && (m.getMessage().contains("Instance type (integer)")
                    || m.getMessage().contains("Instance type (number)"));
            if (!numberWhereIntOrString && !numberWhereQuantity) {
                errors.add(m.getMessage() + " (" + schema + ")");
            }
        }
        return errors;
    }

    /**
     * Kustomize writes long Secret values as base64 in 70-character lines; the schema's pattern wants one line, but
     * the API server decodes with Go's base64, which skips line breaks, so they are valid.
     */
    private static JsonNode withoutBase64LineBreaks(JsonNode object) {
        if (!key(object).equals("v1/Secret") || !object.path("data").isObject()) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode data = (ObjectNode) copy.get("data");
        data.properties().forEach(e -> data.put(e.getKey(), e.getValue().asText().replace("\n", "")));
        return copy;
    }

    static <T> T typed(JsonNode object, Class<T> type) {
        try {
            return Repo.JSON.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(object) + " is not a " + type.getSimpleName(), e);
        }
    }
}
