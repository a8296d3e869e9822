package io.keyledger.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.cli.CliException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowReaderTest {

    static List<ImportRow> read(String text, RowReader.Format format) throws Exception {
        List<ImportRow> rows = new ArrayList<>();
        try (RowReader reader = new RowReader(new StringReader(text), format)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void aCsvRowBecomesTheCreateBody() throws Exception {
        List<ImportRow> rows = read("""
                name,permissions,per_second,burst,per_day,expires_at,owner_type,owner_id,environment,key,description
                billing,tasks:read;tasks:write,5,10,1000,2030-01-01T00:00:00Z,user,u-1,test,sk_live_abcdefghijklmnop1234,"a, quoted"
                """, RowReader.Format.CSV);
        assertThat(rows).hasSize(1);
        ImportRow row = rows.get(0);
        assertThat(row.valid()).isTrue();
        assertThat(row.line()).isEqualTo(2);
        assertThat(row.body().toString()).isEqualTo("{\"name\":\"billing\",\"description\":\"a, quoted\",\"environment\":\"test\","
                + "\"expires_at\":\"2030-01-01T00:00:00Z\",\"imported_key\":\"sk_live_abcdefghijklmnop1234\","
                + "\"permissions\":[\"tasks:read\",\"tasks:write\"],\"owner\":{\"type\":\"user\",\"id\":\"u-1\"},"
                + "\"rate_limit\":{\"per_second\":5,\"burst\":10,\"per_day\":1000}}");
        assertThat(row.importsSecret()).isTrue();
    }

    @Test
    void aHashColumnImportsAHashAndEmptyCellsAreAbsent() throws Exception {
        String hash = "a".repeat(64);
        ImportRow row = read("name,key_hash,permissions,per_second\nx," + hash + ",,\n", RowReader.Format.CSV).get(0);
        assertThat(row.body().toString()).isEqualTo("{\"name\":\"x\",\"imported_key_hash\":\"" + hash + "\"}");
    }

    @Test
    void badCsvRowsAreRejectedWithTheirLineAndTheRestIsRead() throws Exception {
        List<ImportRow> rows = read("""
                name,per_second
                ok1,5
                ,5
                bad,five
                neg,-1
                ok2,7
                """, RowReader.Format.CSV);
        assertThat(rows).extracting(ImportRow::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(rows).extracting(ImportRow::error).containsExactly(null, "name: missing",
                "per_second: not a whole number: 'five'", "per_second: must not be negative", null);
    }

    @Test
    void aCsvRecordWithTooManyCellsIsRejectedAndReadingGoesOn() throws Exception {
        List<ImportRow> rows = read("name,permissions\na,x\nb,y,extra\nc,z\n", RowReader.Format.CSV);
        assertThat(rows).extracting(r -> r.valid() ? r.body().get("name").asText() : "rejected:" + r.line())
                .containsExactly("a", "rejected:3", "c");
    }

    @Test
    void aQuotedCellOverSeveralLinesKeepsTheLineOfItsRecord() throws Exception {
        List<ImportRow> rows = read("name,description\na,\"one\ntwo\"\nb,x\n", RowReader.Format.CSV);
        assertThat(rows).extracting(ImportRow::line).containsExactly(2L, 4L);
        assertThat(rows.get(0).body().get("description").asText()).isEqualTo("one\ntwo");
    }

    @Test
    void anUnknownColumnRefusesTheFile() {
        assertThatThrownBy(() -> read("name,secret\na,b\n", RowReader.Format.CSV))
                .isInstanceOf(CliException.class).hasMessageContaining("unknown CSV column(s) [secret]");
        assertThatThrownBy(() -> read("permissions\nx\n", RowReader.Format.CSV))
                .isInstanceOf(CliException.class).hasMessageContaining("no 'name' column");
    }

    @Test
    void ndjsonLinesKeepTheApiShapeWithShortNamesForSecrets() throws Exception {
        List<ImportRow> rows = read("""
                {"name":"a","permissions":["x:read"],"rate_limit":{"per_second":3},"key":"sk_abcdefghijklmnopqrstu"}

                {"name":"b","key_hash":"%s"}
                not json
                [1,2]
                {"permissions":[]}
                """.formatted("b".repeat(64)), RowReader.Format.NDJSON);
        assertThat(rows).extracting(ImportRow::line).containsExactly(1L, 3L, 4L, 5L, 6L);
        assertThat(rows.get(0).body().toString()).isEqualTo(
                "{\"name\":\"a\",\"permissions\":[\"x:read\"],\"rate_limit\":{\"per_second\":3},\"imported_key\":\"sk_abcdefghijklmnopqrstu\"}");
        assertThat(rows.get(1).body().has("imported_key_hash")).isTrue();
        assertThat(rows.get(2).error()).startsWith("not JSON: ");
        assertThat(rows.get(3).error()).isEqualTo("not a JSON object");
        assertThat(rows.get(4).error()).isEqualTo("name: missing");
    }

    @Test
    void theFormatComesFromTheNameOrTheFlag() {
        assertThat(RowReader.Format.of("keys.CSV", null)).isEqualTo(RowReader.Format.CSV);
        assertThat(RowReader.Format.of("keys.jsonl", null)).isEqualTo(RowReader.Format.NDJSON);
        assertThat(RowReader.Format.of("keys.txt", "ndjson")).isEqualTo(RowReader.Format.NDJSON);
        assertThatThrownBy(() -> RowReader.Format.of("keys.txt", null)).isInstanceOf(CliException.class);
    }
}
