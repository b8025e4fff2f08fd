package dev.sluice.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.SourceConfig;

/**
 * A source login read in local mode from the environment variable the source's {@code credentials.env} names,
 * holding the same JSON as the Secrets Manager secret in AWS: {@code {"username": "...", "password": "..."}}.
 * Messages name the variable and the config path, never the value.
 */
record EnvironmentLogin(String username, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String toString() {
        return "EnvironmentLogin[username=" + username + ", password=***]";
    }

    static EnvironmentLogin read(SourceConfig source, int sourceIndex, CliEnvironment environment) {
        String path = "sources[" + sourceIndex + "].credentials.env";
        String variable = source.credentials() == null ? null : source.credentials().env();
        if (variable == null || variable.isBlank()) {
            throw CommandFailure.badInput("source " + source.name() + " has no " + path + ": local mode reads the "
                    + "login from an environment variable; set " + path + " to its name");
        }
        String value = environment.variable(variable).orElseThrow(() -> CommandFailure.badInput(
                "environment variable " + variable + " (" + path + ", the login of source " + source.name()
                        + ") is not set: export " + variable + "='{\"username\":\"...\",\"password\":\"...\"}'"));
        JsonNode login;
        try {
            login = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw CommandFailure.badInput("environment variable " + variable + " (" + path + ") is not JSON: it must "
                    + "hold {\"username\":\"...\",\"password\":\"...\"}");
        }
        if (login == null || !login.isObject() || !login.path("username").isTextual()
                || !login.path("password").isTextual()) {
            throw CommandFailure.badInput("environment variable " + variable + " (" + path + ") must hold a JSON "
                    + "object with string fields username and password");
        }
        return new EnvironmentLogin(login.get("username").asText(), login.get("password").asText());
    }
}
