package dev.sluice.local.cli;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration config a command was given with {@code --config}: loaded and validated, with the tables chosen by
 * {@code --table} (every table when none). A missing, unreadable or invalid file, or a table the config does not
 * list, is bad input (exit 2) with one line naming it.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /** Loads {@code config} (as given on the command line) resolved against the working directory. */
    static SluiceConfig load(CliEnvironment environment, String config) {
        Path file = environment.resolve(config);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ConfigLoader.load(config, reader);
        } catch (NoSuchFileException e) {
            throw CommandFailure.badInput("config file " + config + " does not exist (looked in "
                    + file.getParent() + "): pass --config with the path of a migration config, e.g. "
                    + "config/demo.yaml");
        } catch (IOException e) {
            throw CommandFailure.badInput("config file " + config + " cannot be read (" + e.getClass().getSimpleName()
                    + "): check that it is a readable UTF-8 file", e);
        } catch (ConfigException e) {
            throw CommandFailure.badInput(e.getMessage(), e);
        }
    }

    /** Indexes into {@code loaded}'s tables of the tables named by {@code --table} (all when none), in config order. */
    static List<Integer> select(SluiceConfig loaded, String config, List<String> tables) {
        List<String> names = loaded.tables().stream().map(TableConfig::table).toList();
        for (String wanted : tables) {
            if (names.stream().noneMatch(wanted::equalsIgnoreCase)) {
                throw CommandFailure.badInput("--table " + wanted + " is not a table of " + config + ": its tables are "
                        + String.join(", ", names));
            }
        }
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (tables.isEmpty() || tables.stream().anyMatch(name::equalsIgnoreCase)) {
                selected.add(i);
            }
        }
        if (selected.isEmpty()) {
            throw CommandFailure.badInput(config + " lists no tables: add at least one under tables:");
        }
        return List.copyOf(selected);
    }
}
