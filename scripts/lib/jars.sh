# Sourced by scripts/seqtrain and scripts/submit.sh: the job jar and Spark's own jars, built or
# resolved by Maven when missing or stale. Sets: home, jar, spark_jars, build_properties.

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar=$(ls "$home"/target/seqtrain-*-job.jar 2>/dev/null | head -n 1 || true)
spark_jars="$home/target/spark/jars"

# Build the job jar when it is missing or older than the pom, any source or any job file.
if [ -z "$jar" ] || [ -n "$(find "$home/pom.xml" "$home/src" "$home/jobs" -newer "$jar" -print -quit)" ]; then
  echo "seqtrain: building the job jar (mvn package, about a minute)..." >&2
  (cd "$home" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
  jar=$(ls "$home"/target/seqtrain-*-job.jar | head -n 1)
fi
build_properties="$home/target/classes/seqtrain-build.properties"
build_property() { sed -n "s/^$1=//p" "$build_properties"; }

# Spark's jars (with Scala, the shaded Hadoop client and S3A), which the job jar leaves out: resolved by
# Maven at the versions pom.xml names, and copied once.
if [ ! -f "$spark_jars/.complete" ] || [ "$build_properties" -nt "$spark_jars/.complete" ]; then
  echo "seqtrain: resolving Spark's jars with Maven..." >&2
  rm -rf "$spark_jars"
  mvn -B -q -Dstyle.color=never -f "$home/src/spark-distribution/pom.xml" \
    -Dspark.version="$(build_property spark.version)" \
    -Dscala.binary.version="$(build_property scala.binary.version)" \
    -Dhadoop.version="$(build_property hadoop.version)" \
    -Dslf4j.version="$(build_property slf4j.version)" \
    -Daws-sdk.version="$(build_property aws-sdk.version)" \
    -Djackson.version="$(build_property jackson.version)" \
    dependency:copy-dependencies -DoutputDirectory="$spark_jars" >&2
  touch "$spark_jars/.complete"
fi
