package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a schema cannot see: the objects of each overlay fit together (selectors, references, ports), Sluice's pod
 * is sized, drained and secured as the app and the image need, the autoscaler watches the right metric, and every
 * {@code SLUICE_*} variable is a key Sluice reads.
 */
class ManifestRulesTest {

    static final List<String> KUSTOMIZATIONS = Repo.KUSTOMIZATIONS;
    static final String NAMESPACE = "sluice";
    static final long MIN_JVM_OVERHEAD = 256L << 20;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyNamespacedObjectIsInTheSluiceNamespace(String dir) {
        Rendered r = Rendered.of(dir);
        assertEquals(NAMESPACE, r.get("Namespace", NAMESPACE).at("/metadata/name").asText());
        for (ObjectNode o : r.objects()) {
            if (!o.path("kind").asText().equals("Namespace")) {
                assertEquals(NAMESPACE, o.path("metadata").path("namespace").asText(null), Manifests.describe(o));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void selectorsReferencesAndPortsFitTogether(String dir) {
        Rendered r = Rendered.of(dir);
        List<Deployment> deployments = r.ofKind("Deployment").stream()
                .map(o -> Manifests.typed(o, Deployment.class)).toList();
        for (Deployment d : deployments) {
            String name = "Deployment " + d.getMetadata().getName();
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
                    name + ": the selector matches the pod template's labels");
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Set<String> volumes = new TreeSet<>();
            for (Volume v : pod.getVolumes()) {
                volumes.add(v.getName());
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())) {
                    assertTrue(r.find("Secret", v.getSecret().getSecretName()).isPresent(),
                            name + ": volume " + v.getName() + " names a Secret that is rendered");
                }
                if (v.getConfigMap() != null) {
                    assertTrue(r.find("ConfigMap", v.getConfigMap().getName()).isPresent(), name + ": " + v.getName());
                }
                if (v.getPersistentVolumeClaim() != null) {
                    assertTrue(r.find("PersistentVolumeClaim", v.getPersistentVolumeClaim().getClaimName())
                            .isPresent(), name + ": volume " + v.getName() + " names a rendered claim");
                }
                assertNull(v.getHostPath(), name + ": no hostPath volumes");
            }
            for (Container c : pod.getContainers()) {
                Set<String> ports = new TreeSet<>();
                c.getPorts().forEach(p -> ports.add(p.getName()));
                for (VolumeMount m : c.getVolumeMounts()) {
                    assertTrue(volumes.contains(m.getName()), name + ": mount " + m.getName() + " has a volume");
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertTrue(r.find("ConfigMap", from.getConfigMapRef().getName()).isPresent(),
                                name + ": envFrom names a rendered ConfigMap");
                    }
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                            && !Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional())) {
                        assertTrue(r.find("Secret", e.getValueFrom().getSecretKeyRef().getName()).isPresent(),
                                name + ": " + e.getName() + " names a rendered Secret");
                    }
                }
                for (Probe p : new Probe[] {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()}) {
                    assertNotNull(p, name + ": container " + c.getName() + " has startup, readiness and liveness probes");
                    assertTrue(ports.contains(p.getHttpGet().getPort().getStrVal()),
                            name + ": probes use a named container port");
                }
                Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
                if ("true".equals(annotations.get("prometheus.io/scrape"))) {
                    assertTrue(c.getPorts().stream().map(ContainerPort::getContainerPort).map(String::valueOf)
                            .anyMatch(annotations.get("prometheus.io/port")::equals), name + ": scrape port exists");
                }
            }
        }
        for (ObjectNode o : r.ofKind("Service")) {
            Service s = Manifests.typed(o, Service.class);
            Deployment target = onlyMatch(deployments, s.getSpec().getSelector(), "Service " + s.getMetadata().getName());
            Set<String> portNames = new TreeSet<>();
            target.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getPorts()
                    .forEach(p -> portNames.add(p.getName())));
            for (ServicePort p : s.getSpec().getPorts()) {
                assertTrue(portNames.contains(p.getTargetPort().getStrVal()),
                        "Service " + s.getMetadata().getName() + " targets a named port of its pods");
            }
        }
        for (ObjectNode o : r.ofKind("PodDisruptionBudget")) {
            PodDisruptionBudget pdb = Manifests.typed(o, PodDisruptionBudget.class);
            onlyMatch(deployments, pdb.getSpec().getSelector().getMatchLabels(), "PDB " + pdb.getMetadata().getName());
            assertNull(pdb.getSpec().getMinAvailable(), "maxUnavailable, so that a drain at one replica never blocks");
        }
    }

    private static Deployment onlyMatch(List<Deployment> deployments, Map<String, String> selector, String what) {
        List<Deployment> matched = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata()
                .getLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertEquals(1, matched.size(), what + " selects the pods of exactly one Deployment");
        return matched.getFirst();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void autoscalingWatchesTheQueueOfAnExistingDeployment(String dir) {
        Rendered r = Rendered.of(dir);
        Map<String, String> metricOf = Map.of("sluice", "sluice_requests_waiting", "vllm", "vllm:num_requests_waiting");
        List<ObjectNode> scaled = r.ofKind("ScaledObject");
        assertFalse(scaled.isEmpty(), dir + " autoscales");
        for (ObjectNode o : scaled) {
            ScaledObjects.ScaledObject so = ScaledObjects.parse(o);
            String target = so.spec().scaleTargetRef().name();
            ObjectNode deployment = r.get("Deployment", target);
            assertTrue(deployment.path("spec").path("replicas").isMissingNode(),
                    target + ": no replicas in the Deployment, the autoscaler owns the count");
            assertTrue(so.spec().minReplicaCount() >= 1, target + ": never scaled to zero (model load on wake-up)");
            ScaledObjects.Trigger trigger = so.spec().triggers().getFirst();
            String query = trigger.metadata().get("query").asText();
            assertTrue(query.contains(metricOf.get(target)), target + " scales on " + metricOf.get(target));
            assertTrue(query.contains("namespace=\"" + NAMESPACE + "\""),
                    target + ": the query selects the namespace the objects are rendered in");
            assertEquals("AverageValue", trigger.metricType(), target + ": replicas = total waiting / threshold");
        }
        ScaledObjects.Trigger sluice = ScaledObjects.parse(r.get("ScaledObject", "sluice")).spec().triggers().getFirst();
        int threshold = Integer.parseInt(sluice.metadata().get("threshold").asText());
        Map<String, String> config = sluiceConfig(r);
        assertTrue(threshold > 0 && threshold * 4 <= Integer.parseInt(config.get("SLUICE_ADMISSION_MAX_QUEUED")),
                "the autoscaler acts long before a pod's queue is full and refuses requests");
        assertTrue(threshold < Integer.parseInt(config.get("SLUICE_SCHEDULER_MAX_RUNNING")),
                "the threshold is a fraction of a batch");
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void sluiceDrainsWithinTheGracePeriod(String dir) {
        Rendered r = Rendered.of(dir);
        PodSpec pod = sluicePod(r);
        Container c = sluiceContainer(r);
        long shutdown = DurationConverter.parseDuration(sluiceConfig(r).get("SLUICE_SHUTDOWN_TIMEOUT")).toSeconds();
        List<String> preStop = c.getLifecycle().getPreStop().getExec().getCommand();
        assertEquals("sleep", preStop.getFirst(), "preStop waits for endpoints to drop the pod");
        long sleep = Long.parseLong(preStop.get(1));
        assertTrue(sleep >= 3 && sleep <= 15, "a preStop pause of a few seconds");
        assertTrue(pod.getTerminationGracePeriodSeconds() >= sleep + shutdown + 5,
                "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " covers preStop " + sleep
                        + " s + drain " + shutdown + " s + 5 s to exit");
        assertTrue(pod.getTerminationGracePeriodSeconds() <= sleep + shutdown + 30, "but not far beyond it");
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getStartupProbe().getHttpGet().getPath());
        Probe startup = c.getStartupProbe();
        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120,
                "start-up (model load) may take minutes before liveness applies");
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void sluiceIsSizedForItsModelAndKvPool(String dir) {
        Rendered r = Rendered.of(dir);
        Map<String, String> config = sluiceConfig(r);
        Container c = sluiceContainer(r);
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        assertEquals(requests, limits, "requests = limits: Guaranteed QoS, and the heap percentage has a fixed base");
        BigDecimal cpu = Quantity.getAmountInBytes(requests.get("cpu"));
        assertEquals(cpu.stripTrailingZeros().toPlainString(), config.get("SLUICE_ENGINE_THREADS"),
                "one forward-pass thread per requested core");

        Map<String, Long> budget = new HashMap<>();
        String annotation = r.get("Deployment", "sluice").at("/metadata/annotations/sluice.io~1memory-budget").asText();
        Matcher m = Pattern.compile("(model|kv|jvm)=(\\S+)").matcher(annotation);
        while (m.find()) {
            budget.put(m.group(1), Quantity.getAmountInBytes(new Quantity(m.group(2))).longValueExact());
        }
        assertEquals(Set.of("model", "kv", "jvm"), budget.keySet(), "the memory budget names model, kv and jvm");
        long kv = new MemorySizeConverter().convert(config.get("SLUICE_KVCACHE_MEMORY")).asLongValue();
        assertEquals(budget.get("kv"), kv, "the budget's KV pool is SLUICE_KVCACHE_MEMORY");
        long limit = Quantity.getAmountInBytes(limits.get("memory")).longValueExact();
        assertTrue(limit >= budget.get("model") + kv + budget.get("jvm"), "limit >= model + KV + JVM overhead");
        Matcher pct = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(config.get("JAVA_TOOL_OPTIONS"));
        assertTrue(pct.find(), "JAVA_TOOL_OPTIONS sets MaxRAMPercentage");
        long heap = BigDecimal.valueOf(limit).multiply(new BigDecimal(pct.group(1)))
                .divide(BigDecimal.valueOf(100), RoundingMode.DOWN).longValue();
        assertTrue(heap >= budget.get("model") + kv, "the heap (" + (heap >> 20) + " MiB) holds weights and KV pool");
        assertTrue(limit - heap >= MIN_JVM_OVERHEAD, "at least 256 MiB outside the heap for the JVM itself");
        assertTrue(config.get("JAVA_TOOL_OPTIONS").contains("-XX:+ExitOnOutOfMemoryError"),
                "an out-of-memory JVM exits (and is restarted) rather than limping on");
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void sluiceRunsAsTheImagesUserOnAReadOnlyRoot(String dir) {
        Rendered r = Rendered.of(dir);
        Dockerfile image = Dockerfile.load();
        PodSpec pod = sluicePod(r);
        Container c = sluiceContainer(r);
        assertEquals(image.userId(), pod.getSecurityContext().getRunAsUser().intValue(),
                "runAsUser is the image's USER");
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root filesystem");
        assertEquals("sluice:" + Repo.projectVersion(), c.getImage(), "the image tag is the project version");
        assertTrue(restrictedViolations(pod).isEmpty(), "Sluice meets the restricted Pod Security Standard: "
                + restrictedViolations(pod));

        String home = image.finalStage().env().get("HOME");
        Map<String, Volume> volumes = new HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        for (String writable : List.of("/tmp", home + "/.cache")) {
            VolumeMount mount = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals(writable))
                    .findFirst().orElseThrow(() -> new AssertionError(writable + " must be a writable volume: the "
                            + "root is read-only and the server writes there (the bundled model is copied to "
                            + "$HOME/.cache/sluice/models)"));
            assertNotNull(volumes.get(mount.getName()).getEmptyDir(), writable + " is an emptyDir");
            assertNotEquals(Boolean.TRUE, mount.getReadOnly(), writable + " is writable");
        }

        Map<String, String> config = sluiceConfig(r);
        String keysFile = config.get("SLUICE_AUTH_API_KEYS_FILE");
        int slash = keysFile.lastIndexOf('/');
        VolumeMount keysMount = mountAt(c, keysFile.substring(0, slash))
                .orElseThrow(() -> new AssertionError("the API keys file's folder is a mounted volume"));
        String secretName = volumes.get(keysMount.getName()).getSecret().getSecretName();
        assertTrue(r.get("Secret", secretName).path("data").has(keysFile.substring(slash + 1)),
                "the Secret holds the key file " + keysFile);
        String model = config.get("SLUICE_MODEL_PATH");
        if (model != null) {
            VolumeMount modelMount = c.getVolumeMounts().stream().filter(v -> model.startsWith(v.getMountPath() + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(model + " lies on a mounted volume"));
            assertTrue(modelMount.getReadOnly(), "the model volume is mounted read-only");
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyPodMeetsItsNamespacesPodSecurityLevel(String dir) {
        Rendered r = Rendered.of(dir);
        String level = r.get("Namespace", NAMESPACE).at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                .asText();
        assertTrue(Set.of("restricted", "baseline").contains(level), "the namespace enforces a Pod Security level");
        for (ObjectNode o : r.ofKind("Deployment")) {
            PodSpec pod = Manifests.typed(o, Deployment.class).getSpec().getTemplate().getSpec();
            List<String> violations = level.equals("restricted") ? restrictedViolations(pod) : baselineViolations(pod);
            assertEquals(List.of(), violations, Manifests.describe(o) + " under " + level);
            assertFalse(Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()), "no API token in the pod");
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void sluiceIsConfiguredOnlyWithKeysItReads(String dir) {
        Set<String> known = ConfigKeys.environmentNames();
        List<String> unknown = new ArrayList<>();
        for (String key : sluiceConfig(Rendered.of(dir)).keySet()) {
            if (key.startsWith("SLUICE_") && !known.contains(key)) {
                unknown.add(key);
            }
        }
        assertEquals(List.of(), unknown, dir + ": keys Sluice does not read (known: " + known + ")");
    }

    @Test
    void theGpuPoolRequestsWholeGpusAndNamesTheAlternatives() {
        Rendered r = Rendered.of("k8s/overlays/gpu-pool");
        Container vllm = Manifests.typed(r.get("Deployment", "vllm"), Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().getFirst();
        Quantity gpus = vllm.getResources().getLimits().get("nvidia.com/gpu");
        assertNotNull(gpus, "vLLM asks for NVIDIA GPUs");
        assertEquals(gpus, vllm.getResources().getRequests().get("nvidia.com/gpu"), "extended resources: requests = limits");
        assertTrue(Quantity.getAmountInBytes(gpus).compareTo(BigDecimal.ONE) >= 0);
        assertTrue(Manifests.typed(r.get("Deployment", "vllm"), Deployment.class).getSpec().getTemplate().getSpec()
                .getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())), "tolerates GPU taints");
        String source = Repo.read(Repo.K8S.resolve("overlays/gpu-pool/vllm-deployment.yaml"));
        for (String alternative : List.of("amd.com/gpu", "huawei.com/Ascend910")) {
            assertTrue(source.lines().anyMatch(l -> l.strip().startsWith("#") && l.contains(alternative)),
                    "a commented alternative for " + alternative);
        }
        String overlay = Repo.read(Repo.K8S.resolve("overlays/gpu-pool/kustomization.yaml"));
        assertTrue(overlay.contains("FUTURE"), "how Sluice will use the pool is marked as future");
        assertEquals(sluiceConfig(Rendered.of("k8s/base")), sluiceConfig(r),
                "today the gpu-pool overlay leaves Sluice's configuration as in the base");
    }

    private static Optional<VolumeMount> mountAt(Container c, String path) {
        return c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals(path)).findFirst();
    }

    private static void assertNotEquals(Object unexpected, Object actual, String message) {
        assertFalse(Objects.equals(unexpected, actual), message);
    }

    static Map<String, String> sluiceConfig(Rendered r) {
        Container c = sluiceContainer(r);
        String name = c.getEnvFrom().getFirst().getConfigMapRef().getName();
        return Manifests.typed(r.get("ConfigMap", name), ConfigMap.class).getData();
    }

    static PodSpec sluicePod(Rendered r) {
        return Manifests.typed(r.get("Deployment", "sluice"), Deployment.class).getSpec().getTemplate().getSpec();
    }

    static Container sluiceContainer(Rendered r) {
        return sluicePod(r).getContainers().stream().filter(c -> c.getName().equals("sluice")).findFirst()
                .orElseThrow();
    }

    /** The Pod Security Standard "baseline" rules that these pods could break. */
    static List<String> baselineViolations(PodSpec pod) {
        List<String> v = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            v.add("host namespaces");
        }
        pod.getVolumes().stream().filter(vol -> vol.getHostPath() != null).forEach(vol -> v.add("hostPath " + vol.getName()));
        for (Container c : containers(pod)) {
            SecurityContext sc = c.getSecurityContext();
            if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                v.add(c.getName() + " is privileged");
            }
            if (sc != null && sc.getCapabilities() != null && !sc.getCapabilities().getAdd().isEmpty()) {
                v.add(c.getName() + " adds capabilities");
            }
            c.getPorts().stream().filter(p -> p.getHostPort() != null).forEach(p -> v.add(c.getName() + " hostPort"));
        }
        return v;
    }

    /** The Pod Security Standard "restricted" rules (on top of baseline). */
    static List<String> restrictedViolations(PodSpec pod) {
        List<String> v = baselineViolations(pod);
        Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                "persistentVolumeClaim", "projected", "secret");
        for (Volume vol : pod.getVolumes()) {
            JsonNode node = Repo.JSON.valueToTree(vol);
            node.fieldNames().forEachRemaining(f -> {
                if (!f.equals("name") && !allowedVolumes.contains(f)) {
                    v.add("volume " + vol.getName() + " of type " + f);
                }
            });
        }
        PodSecurityContext psc = pod.getSecurityContext();
        for (Container c : containers(pod)) {
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            if (!Boolean.TRUE.equals(sc.getRunAsNonRoot()) && !(psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot()))) {
                v.add(c.getName() + " may run as root");
            }
            Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
            if (uid != null && uid == 0) {
                v.add(c.getName() + " runs as uid 0");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                v.add(c.getName() + " allows privilege escalation");
            }
            if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
                v.add(c.getName() + " does not drop ALL capabilities");
            }
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : psc != null && psc.getSeccompProfile() != null ? psc.getSeccompProfile().getType() : null;
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                v.add(c.getName() + " has no seccomp profile");
            }
        }
        return v;
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        return all;
    }
}
