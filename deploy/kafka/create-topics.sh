#!/usr/bin/env sh
# Creates the Kafka topics listed in topics.json (beside this script). Services never create
# topics at run time: the topic list, partition counts and settings are deploy configuration,
# and the test harness reads the same file to set up its Kafka peer.
#
#   KAFKA_BOOTSTRAP=kafka:9092 ./create-topics.sh [topics.json]
#
# Environment:
#   KAFKA_BOOTSTRAP           bootstrap servers (required)
#   KAFKA_TOPICS_BIN          the kafka-topics tool (default: kafka-topics.sh on PATH)
#   KAFKA_REPLICATION_FACTOR  overrides the file's, e.g. 1 for a single-broker compose setup;
#                             min.insync.replicas is capped at it so acks=all still succeeds
#
# Plain sh, tr, sed and grep, so it runs in the Kafka image's init step without jq. It expects
# topics.json as written there: flat topic objects, "name" before "partitions".
set -eu

file="${1:-$(dirname "$0")/topics.json}"
bootstrap="${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP, e.g. kafka:9092}"
kafka_topics="${KAFKA_TOPICS_BIN:-kafka-topics.sh}"

json="$(tr -d '\n\r\t' <"$file")"

number_field() {
  printf '%s' "$json" | grep -o "\"$1\": *[0-9][0-9]*" | head -n 1 | grep -o '[0-9]*$'
}

replication="${KAFKA_REPLICATION_FACTOR:-$(number_field replicationFactor)}"
min_isr="$(number_field minInSyncReplicas)"
if [ "$min_isr" -gt "$replication" ]; then min_isr="$replication"; fi

# "key": "value" pairs of the topicConfig object, as --config key=value arguments.
configs="$(printf '%s' "$json" |
  sed -n 's/.*"topicConfig": *{\([^}]*\)}.*/\1/p' |
  grep -o '"[^"]*": *"[^"]*"' |
  sed 's/^"\([^"]*\)": *"\([^"]*\)"$/--config \1=\2/' |
  tr '\n' ' ')"

printf '%s' "$json" |
  grep -o '"name": *"[^"]*"[^}]*"partitions": *[0-9][0-9]*' |
  sed 's/^"name": *"\([^"]*\)".*"partitions": *\([0-9]*\)$/\1 \2/' |
  while read -r topic partitions; do
    echo "topic $topic: $partitions partitions, replication factor $replication"
    # shellcheck disable=SC2086 # $configs is a list of arguments
    "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor "$replication" \
      --config "min.insync.replicas=$min_isr" $configs
  done
