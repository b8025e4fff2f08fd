package dev.sluice.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One environment's migration config, as read from {@code config/<env>.yaml}. Loaded and validated by
 * {@link ConfigLoader}; a value of this type has passed every static check.
 */
public record SluiceConfig(
        EnvironmentConfig environment,
        List<SourceConfig> sources,
        LakeConfig lake,
        WarehouseConfig warehouse,
        NotificationsConfig notifications,
        List<TableConfig> tables) {

    public SluiceConfig {
        sources = sources == null ? List.of() : List.copyOf(sources);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The table entry for {@code schema.table} (as written in config), if any. */
    public Optional<TableConfig> table(String qualifiedName) {
        return tables.stream().filter(t -> t.table().equals(qualifiedName)).findFirst();
    }
}
