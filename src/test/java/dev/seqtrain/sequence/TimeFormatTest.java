package dev.seqtrain.sequence;

import dev.seqtrain.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A time's text written from its number is the text Spark's cast to string gives. */
class TimeFormatTest {
    @Test
    void writesTimesAsSparksCastDoes() {
        SparkSession spark = SharedSpark.session();
        String zone = spark.conf().get("spark.sql.session.timeZone");
        Dataset<Row> times = spark.sql("""
                select * from values
                  (timestamp'2024-03-31 01:59:59', date'2024-02-29', 1700000000123L, 1.5D),
                  (timestamp'1969-12-31 23:59:58.25', date'1900-01-01', -7L, 1.0E10D),
                  (timestamp'2024-01-01 00:00:00.000001', date'2024-12-31', 0L, -0.001D)
                  as t(ts, d, l, x)""");
        List<Row> rows = times.selectExpr(
                "cast(ts as string)", "cast(cast(ts as double) as double)",
                "cast(d as string)", "cast(cast(d as timestamp) as double)",
                "cast(l as string)", "cast(l as double)",
                "cast(x as string)", "x").collectAsList();
        for (Row row : rows) {
            assertEquals(row.getString(0), TimeFormat.timestamp(zone).text(row.getDouble(1)));
            assertEquals(row.getString(2), TimeFormat.date(zone).text(row.getDouble(3)));
            assertEquals(row.getString(4), TimeFormat.whole().text(row.getDouble(5)));
            assertEquals(row.getString(6), TimeFormat.decimal().text(row.getDouble(7)));
        }
    }
}
