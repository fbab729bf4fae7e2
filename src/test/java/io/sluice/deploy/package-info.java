/**
 * Checks of the deployment files in {@code docker/} and {@code k8s/}, which no Docker engine or cluster runs here:
 * the Kustomize overlays are rendered ({@link io.sluice.deploy.Kustomize}, cross-checked against
 * {@code kubectl kustomize} where installed) and every object is validated against the Kubernetes OpenAPI schema
 * (fabric8's validator: unknown fields, wrong types and missing required fields fail) or, for KEDA's ScaledObject,
 * a strict model of its documented fields; the Dockerfile is linted and its {@code COPY} sources checked; and the
 * image's start command, the README's, is run on the packaged server until it is ready.
 *
 * <p>Tests that need what only some machines have (the packaged {@code target/quarkus-app}, npm, promtool, kubectl)
 * are skipped with a message where it is missing, except under {@code CI=true} for what CI provides: the fast-jar
 * (the {@code fast-jar-before-tests} Maven profile builds it) and npm.
 *
 * <p>Threading: plain JUnit tests; each starts and stops its own processes.
 */
package io.sluice.deploy;
