package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Transport security to the source. {@link #VERIFY} (the default) encrypts and validates the server certificate
 * and host name; {@link #REQUIRE} encrypts without validation; {@link #DISABLE} only when config says so.
 */
public enum TlsMode {
    @JsonProperty("verify") VERIFY,
    @JsonProperty("require") REQUIRE,
    @JsonProperty("disable") DISABLE
}
