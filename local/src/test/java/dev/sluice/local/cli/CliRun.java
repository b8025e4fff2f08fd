package dev.sluice.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One run of the CLI through {@link SluiceCli#run}, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Path workingDirectory, Map<String, String> variables, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SluiceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new CliEnvironment(variables, workingDirectory, false));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Lines of stderr that are not progress notes of the embedded demo. */
    List<String> errorLines() {
        return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("sluice: starting the embedded demo")
                        && !l.startsWith("sluice: generated the demo dataset"))
                .toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
