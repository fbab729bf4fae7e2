package io.sluice.pipeline;

/** A field is missing, has the wrong type, is out of range, or asks for something this server does not do. */
public final class BadParameterException extends RequestRejectedException {

    /** What is wrong with the field. */
    public enum Problem { MISSING, WRONG_TYPE, INVALID_VALUE, UNSUPPORTED }

    private final Problem problem;

    public BadParameterException(String param, Problem problem, String message) {
        super(param, message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
