package dev.sluice.core.source;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TlsMode;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How to open a JDBC connection to a source: the configured URL, unchanged, and the properties Sluice adds:
 * credentials (never in the URL) and transport security from {@link TlsMode}. PostgreSQL gets
 * {@code sslmode=verify-full|require|disable}; SQL Server gets {@code encrypt=true;trustServerCertificate=false}
 * when verifying (a {@code hostNameInCertificate} may stay in the URL), {@code trustServerCertificate=true} when
 * only requiring encryption, {@code encrypt=false} when disabled. A URL that carries a password or its own TLS
 * settings is rejected so config stays the one place they are decided.
 */
public record JdbcConnectionSettings(String url, Properties properties) {

    private static final Pattern SECRET_IN_URL = Pattern.compile(
            "(?i)([;?&]\\s*(password|pwd)\\s*=)|(//[^/@;?]*:[^/@;?]*@)");
    private static final Pattern TLS_IN_URL = Pattern.compile(
            "(?i)[;?&]\\s*(sslmode|ssl|encrypt|trustServerCertificate)\\s*=");

    public static JdbcConnectionSettings of(SourceConfig source, SourceCredentials credentials) {
        String where = "sources[" + source.name() + "].jdbcUrl";
        String url = source.jdbcUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(where + " is empty: give the source's JDBC URL without credentials");
        }
        if (SECRET_IN_URL.matcher(url).find()) {
            throw new IllegalArgumentException(where + " carries a password: remove it from the URL and put the"
                    + " login in the source's secret (sources[" + source.name() + "].credentials)");
        }
        if (TLS_IN_URL.matcher(url).find()) {
            throw new IllegalArgumentException(where + " sets TLS options itself: remove them and set sources["
                    + source.name() + "].tls (verify, require or disable)");
        }
        Properties p = new Properties();
        p.setProperty("user", credentials.username());
        p.setProperty("password", credentials.password());
        TlsMode tls = source.tls() == null ? TlsMode.VERIFY : source.tls();
        if (source.engine() == Engine.POSTGRESQL) {
            p.setProperty("sslmode", switch (tls) {
                case VERIFY -> "verify-full";
                case REQUIRE -> "require";
                case DISABLE -> "disable";
            });
            p.setProperty("ApplicationName", "sluice");
        } else {
            p.setProperty("encrypt", tls == TlsMode.DISABLE ? "false" : "true");
            p.setProperty("trustServerCertificate", tls == TlsMode.REQUIRE ? "true" : "false");
            p.setProperty("applicationName", "sluice");
        }
        return new JdbcConnectionSettings(url, p);
    }

    /** The URL without its query or property part, for logs and messages. */
    public static String redact(String url) {
        if (url == null) {
            return "";
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int cut = lower.length();
        for (char c : new char[] {'?', ';'}) {
            int i = lower.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        String head = url.substring(0, cut);
        return head.replaceAll("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
        return "JdbcConnectionSettings[url=" + redact(url) + ", user=" + properties.getProperty("user") + "]";
    }
}
