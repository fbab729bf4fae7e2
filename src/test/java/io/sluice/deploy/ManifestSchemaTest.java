package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object is valid against its schema; and the validation does catch what it should. */
class ManifestSchemaTest {

    static final List<String> KUSTOMIZATIONS = Repo.KUSTOMIZATIONS;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyObjectIsValid(String dir) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode object : Rendered.of(dir).objects()) {
            errors.addAll(Manifests.schemaErrors(object));
        }
        assertEquals(List.of(), errors, dir);
    }

    @Test
    void catchesUnknownFieldsWrongTypesAndMissingFields() {
        ObjectNode deployment = Rendered.of("k8s/base").get("Deployment", "sluice").deepCopy();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.put("readinesProbe", "typo");
        ((ObjectNode) container.at("/ports/0")).put("containerPort", "8080");
        ((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriodSeconds", "75");
        container.remove("name");
        assertMentions(Manifests.schemaErrors(deployment), "readinesProbe",
                "/spec/template/spec/terminationGracePeriodSeconds", "/ports/0/containerPort",
                "missing required properties ([\"name\"])");

        ObjectNode scaled = Rendered.of("k8s/base").get("ScaledObject", "sluice").deepCopy();
        ((ObjectNode) scaled.at("/spec/triggers/0/metadata")).put("threshold", 4).put("treshold", "4");
        ((ObjectNode) scaled.at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleUp"))
                .put("stabilisationWindowSeconds", 0);
        assertMentions(Manifests.schemaErrors(scaled), "metadata.threshold must be a string",
                "no metadata key treshold", "stabilisationWindowSeconds");

        ObjectNode scaledTypo = Rendered.of("k8s/base").get("ScaledObject", "sluice").deepCopy();
        ((ObjectNode) scaledTypo.get("spec")).put("maxReplicas", 3);
        assertMentions(Manifests.schemaErrors(scaledTypo), "maxReplicas");

        JsonNode unknownKind = Repo.JSON.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Thing");
        assertMentions(Manifests.schemaErrors(unknownKind), "not a kind");
    }

    private static void assertMentions(List<String> errors, String... expected) {
        String all = String.join("\n", errors);
        for (String e : expected) {
            assertTrue(all.contains(e), () -> "expected an error about " + e + ", got:\n" + all);
        }
    }
}
