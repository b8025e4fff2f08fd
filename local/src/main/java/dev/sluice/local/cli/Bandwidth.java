package dev.sluice.local.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link between the source and AWS, as {@code sluice plan --bandwidth} takes it: a number and a unit, either a
 * bit rate ({@code bps}, {@code Kbps}, {@code Mbps}, {@code Gbps}; any case) or a byte rate ({@code B/s},
 * {@code KB/s}, {@code MB/s}, {@code GB/s}; the {@code B} upper case, since {@code b} means bits). Prefixes are
 * decimal, as link speeds are quoted: 100Mbps is 100,000,000 bits a second, 12.5 MB/s.
 *
 * @param text           the value as given, for the output
 * @param bytesPerSecond the rate in bytes per second
 */
record Bandwidth(String text, double bytesPerSecond) {

    static final String DEFAULT = "100Mbps";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG]?)((?i:bps)|B/s)");

    /**
     * @param option the option the value came from, for the message
     * @throws CommandFailure (exit 2) naming the option, the value and an example when it is not a bandwidth
     */
    static Bandwidth parse(String option, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw CommandFailure.badInput(option + " '" + text + "' is not a bandwidth: give a number and a unit, "
                    + "bps, Kbps, Mbps or Gbps (bits a second) or B/s, KB/s, MB/s or GB/s (bytes a second), e.g. "
                    + option + " " + DEFAULT);
        }
        double number = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            default -> 1;
        };
        boolean bits = !m.group(3).equals("B/s");
        double bytesPerSecond = number * scale / (bits ? 8 : 1);
        if (bytesPerSecond <= 0) {
            throw CommandFailure.badInput(option + " '" + text + "' must be more than zero, e.g. " + option + " "
                    + DEFAULT);
        }
        return new Bandwidth(text.strip(), bytesPerSecond);
    }
}
