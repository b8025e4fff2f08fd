package dev.sluice.infra;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/** events/run-request.schema.json (draft 2020-12) as the tests apply it to execution inputs. */
final class RunRequestSchema {

    private final Schema schema;

    RunRequestSchema() {
        String text = RepositoryFiles.text(RepositoryFiles.RUN_REQUEST_SCHEMA);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(text, InputFormat.JSON);
    }

    /** What is wrong with {@code json} as a RunRequest, one line per problem, located by JSON pointer ("/from/value: does not match ..."); empty if valid. */
    List<String> problems(String json) {
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }
}
