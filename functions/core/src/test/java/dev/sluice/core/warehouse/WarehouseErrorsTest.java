package dev.sluice.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.query.FailureClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarehouseErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ERROR: 1023 DETAIL: Serializable isolation violation on table - 1234, transactions forming the cycle | TRANSIENT
            could not complete because of conflict with concurrent transaction                           | TRANSIENT
            ERROR: deadlock detected                                                                      | TRANSIENT
            Connection reset by peer                                                                     | TRANSIENT
            FATAL: terminating connection due to administrator command                                   | TRANSIENT
            Rate exceeded                                                                                | TRANSIENT
            ERROR: syntax error at or near "MERG"                                                        | PERMANENT
            ERROR: permission denied for relation orders                                                 | PERMANENT
            ERROR: relation "sales.orders_stage" does not exist                                          | PERMANENT
            ERROR: Load into table 'orders_stage' failed. Check 'sys_load_error_detail' system table      | PERMANENT
            ERROR: Spectrum Scan Error                                                                   | PERMANENT
            ''                                                                                           | PERMANENT
            """)
    void classifiesRedshiftErrorText(String error, FailureClass expected) {
        assertThat(WarehouseErrors.classify(error)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ERROR: Load into table 'orders_stage' failed. Check 'stl_load_errors' system table for details. | sys_load_error_detail (Serverless) or stl_load_errors (provisioned)
            ERROR: permission denied for schema sales                                                        | grant the load user the privilege
            ERROR: relation "sales.orders_stage" does not exist                                              | create the missing object
            ERROR: syntax error at or near "MERG"                                                            | a Sluice bug; report it with the run id
            ERROR: 1023 DETAIL: Serializable isolation violation                                             | transient: the batch rolled back; redrive
            ERROR: numeric field overflow                                                                     | fix the cause above and redrive
            """)
    void explainsTheActionAndKeepsTheOriginalText(String error, String action) {
        assertThat(WarehouseErrors.explain(error)).startsWith(error).contains(action);
    }
}
