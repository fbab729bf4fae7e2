package io.sluice.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/** {@code {"error":{"message","type","param","code"}}}: all four always present, null when they do not apply. */
public record ErrorWire(Detail error) {

    public record Detail(String message, String type, @JsonInclude(Include.ALWAYS) String param,
                         @JsonInclude(Include.ALWAYS) String code) {
    }
}
