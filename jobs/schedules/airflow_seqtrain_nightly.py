"""seqtrain nightly retraining as an Airflow 2 DAG: one SparkSubmitOperator run a night, 02:30 UTC.

Copy this file into the DAGs folder. It submits the job jar directly, as scripts/submit.sh would
(same main class, JVM flags, memory overhead and spark-defaults.conf), so the Airflow worker needs:
  - this checkout at /opt/seqtrain, built once with `mvn -B package -DskipTests` (edit the paths and
    the jar's version below if they differ);
  - apache-airflow-providers-apache-spark (a version whose SparkSubmitOperator takes properties_file)
    and a Spark 3.5 spark-submit on the worker;
  - the Airflow connection "spark_default": the master (host "yarn", or spark://..., k8s://...), and
    the deploy mode and spark-submit binary in its extra; run the task as the user that submits jobs.
For a real cluster, point the job at cluster storage: add "--set", "output=hdfs://..." to the args.

Exit codes (scripts/nightly.sh --help): 0 promoted or the night already ran; 1 failed; 2 invalid input;
3 gate kept CURRENT; 4 another run holds the lock. Any non-zero code fails the try, and the one retry
30 minutes later suits 1 and 4. After a 3 the night is recorded, so the retry exits 0 ("already ran"):
the failed first try is the alert. In YARN cluster deploy mode spark-submit exits 1 for any driver failure.
"""
from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# The pom's seqtrain.jvm.flags (the Java 17 flags Spark and ND4J need; Maven writes them to
# target/classes/seqtrain-build.properties as jvm.flags) plus ND4J's off-heap cap, as
# scripts/submit.sh passes them. ScheduleFilesTest keeps this in step with the pom.
JAVA_OPTIONS = (
    "--add-opens=java.base/java.lang=ALL-UNNAMED"
    " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
    " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
    " --add-opens=java.base/java.io=ALL-UNNAMED"
    " --add-opens=java.base/java.net=ALL-UNNAMED"
    " --add-opens=java.base/java.nio=ALL-UNNAMED"
    " --add-opens=java.base/java.util=ALL-UNNAMED"
    " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
    " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
    " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
    " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
    " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
    " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
    " -Djdk.reflect.useDirectMethodHandle=false"
    " -Dorg.bytedeco.javacpp.maxbytes=2g"
)

with DAG(
    dag_id="seqtrain_nightly_retrain",
    description="seqtrain nightly retraining (jobs/nightly-retrain.conf)",
    schedule="30 2 * * *",  # Airflow < 2.4: schedule_interval=
    start_date=datetime(2026, 11, 1, tzinfo=timezone.utc),
    # {{ ds }} is the logical date, the start of the data interval: the run at 02:30 on day D+1 has
    # ds = D, the night it trains on. catchup=True would backfill every night since start_date.
    # (Airflow 3 schedules cron strings without data intervals by default, making ds = D+1: there,
    # pass schedule=CronDataIntervalTimetable("30 2 * * *", timezone="UTC") from airflow.timetables.interval.)
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["seqtrain"],
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        conn_id="spark_default",
        name="seqtrain-nightly-retrain",
        application="/opt/seqtrain/target/seqtrain-0.1.0-SNAPSHOT-job.jar",
        java_class="dev.seqtrain.cli.Main",
        application_args=["nightly", "--job", "nightly-retrain", "--date", "{{ ds }}"],
        properties_file="/opt/seqtrain/conf/spark-defaults.conf",
        conf={
            "spark.driver.extraJavaOptions": JAVA_OPTIONS,
            "spark.executor.extraJavaOptions": JAVA_OPTIONS,
            "spark.executor.memoryOverhead": "2g",
            "spark.executor.cores": "1",  # one training worker per executor, as scripts/submit.sh
        },
    )
