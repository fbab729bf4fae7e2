package io.sluice.engine.embedded.gguf;

/**
 * A GGUF file that cannot be used: truncated, corrupt, or using something this engine does not support. The message
 * always names the file and, where there is one, the key or tensor at fault.
 */
public class GgufFormatException extends RuntimeException {

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
