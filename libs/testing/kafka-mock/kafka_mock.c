/*
 * A Kafka protocol peer for tests, where no Kafka broker or container engine is available:
 * librdkafka's mock cluster, hosted in a process of its own so any client (kafkajs here) can
 * talk to it over TCP.
 *
 *   kafka-mock [--brokers N] [--topic name:partitions]...
 *
 * Prints "BOOTSTRAP host:port[,host:port...]" once the cluster listens, then reads commands,
 * one a line, and answers each with "OK" or "ERR <reason>":
 *   down                     all brokers refuse connections (data is kept)
 *   up                       all brokers accept connections again
 *   topic <name> <parts>     create a topic (the mock has no CreateTopics API)
 *   quit                     stop
 * EOF on stdin or SIGTERM/SIGINT stops it too, so a test runner that dies takes it along.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

/* No SA_RESTART: a blocked read on stdin returns EINTR, so the loop sees the flag. */
static void install_signal_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
}

static void reply(const char *fmt, const char *detail) {
  printf(fmt, detail);
  fputc('\n', stdout);
  fflush(stdout);
}

static int replication_for(int broker_count) { return broker_count < 3 ? broker_count : 3; }

static rd_kafka_resp_err_t create_topic(rd_kafka_mock_cluster_t *mc, int brokers,
                                        const char *name, int partitions) {
  if (partitions < 1) return RD_KAFKA_RESP_ERR_INVALID_PARTITIONS;
  return rd_kafka_mock_topic_create(mc, name, partitions, replication_for(brokers));
}

/* Broker ids run from 1 to N; one call per broker rather than relying on -1 meaning "all". */
static rd_kafka_resp_err_t set_all_brokers(rd_kafka_mock_cluster_t *mc, int brokers, int up) {
  for (int id = 1; id <= brokers; id++) {
    rd_kafka_resp_err_t err =
        up ? rd_kafka_mock_broker_set_up(mc, id) : rd_kafka_mock_broker_set_down(mc, id);
    if (err) return err;
  }
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

/* "name:partitions" as given on the command line. */
static int create_topic_arg(rd_kafka_mock_cluster_t *mc, int brokers, char *spec) {
  char *colon = strrchr(spec, ':');
  int partitions = 1;
  if (colon) {
    *colon = '\0';
    partitions = atoi(colon + 1);
  }
  rd_kafka_resp_err_t err = create_topic(mc, brokers, spec, partitions);
  if (err) fprintf(stderr, "kafka-mock: topic %s: %s\n", spec, rd_kafka_err2str(err));
  return err ? -1 : 0;
}

static void answer(rd_kafka_resp_err_t err) {
  if (err)
    reply("ERR %s", rd_kafka_err2str(err));
  else
    reply("OK%s", "");
}

/* Returns 0 to keep reading, 1 to stop. */
static int run_command(rd_kafka_mock_cluster_t *mc, int brokers, char *line) {
  char name[256];
  int partitions;
  line[strcspn(line, "\r\n")] = '\0';
  if (strcmp(line, "quit") == 0) return 1;
  if (strcmp(line, "down") == 0)
    answer(set_all_brokers(mc, brokers, 0));
  else if (strcmp(line, "up") == 0)
    answer(set_all_brokers(mc, brokers, 1));
  else if (sscanf(line, "topic %255s %d", name, &partitions) == 2)
    answer(create_topic(mc, brokers, name, partitions));
  else if (line[0] != '\0')
    reply("ERR unknown command: %s", line);
  return 0;
}

static rd_kafka_t *new_host_client(void) {
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The mock cluster needs a client instance to live in; it is never used to produce. */
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "kafka-mock: %s\n", errstr);
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) fprintf(stderr, "kafka-mock: %s\n", errstr);
  return rk;
}

static int parse_brokers(int argc, char **argv) {
  for (int i = 1; i < argc - 1; i++)
    if (strcmp(argv[i], "--brokers") == 0) return atoi(argv[i + 1]);
  return 1;
}

static int create_arg_topics(rd_kafka_mock_cluster_t *mc, int brokers, int argc, char **argv) {
  for (int i = 1; i < argc - 1; i++)
    if (strcmp(argv[i], "--topic") == 0 && create_topic_arg(mc, brokers, argv[i + 1]) != 0)
      return -1;
  return 0;
}

int main(int argc, char **argv) {
  int brokers = parse_brokers(argc, argv);
  if (brokers < 1) {
    fprintf(stderr, "usage: kafka-mock [--brokers N] [--topic name:partitions]...\n");
    return 2;
  }
  install_signal_handlers();
  rd_kafka_t *rk = new_host_client();
  if (!rk) return 1;
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc || create_arg_topics(mc, brokers, argc, argv) != 0) {
    fprintf(stderr, "kafka-mock: could not start the mock cluster\n");
    return 1;
  }
  reply("BOOTSTRAP %s", rd_kafka_mock_cluster_bootstraps(mc));

  char line[512];
  while (!stopping && fgets(line, sizeof line, stdin) != NULL) {
    if (run_command(mc, brokers, line)) break;
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
