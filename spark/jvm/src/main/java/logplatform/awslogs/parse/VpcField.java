package logplatform.awslogs.parse;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;

/**
 * The fields of a VPC flow-log record, as {@code logparse.sources.vpcflow.FIELDS} lists them:
 * each one's name in a header line, its output column and how its token converts. A text file
 * names its fields in a header line, so tokens are mapped by these names, never by position.
 */
enum VpcField {
  VERSION("version", "version", Kind.INT),
  RECORD_ACCOUNT_ID("account-id", "record_account_id", Kind.STRING),
  INTERFACE_ID("interface-id", "interface_id", Kind.STRING),
  SRCADDR("srcaddr", "srcaddr", Kind.STRING),
  DSTADDR("dstaddr", "dstaddr", Kind.STRING),
  SRCPORT("srcport", "srcport", Kind.INT),
  DSTPORT("dstport", "dstport", Kind.INT),
  PROTOCOL("protocol", "protocol", Kind.INT),
  PACKETS("packets", "packets", Kind.LONG),
  BYTES("bytes", "bytes", Kind.LONG),
  START_TIME("start", "start_time", Kind.EPOCH),
  END_TIME("end", "end_time", Kind.EPOCH),
  ACTION("action", "action", Kind.STRING),
  LOG_STATUS("log-status", "log_status", Kind.STRING),
  VPC_ID("vpc-id", "vpc_id", Kind.STRING),
  SUBNET_ID("subnet-id", "subnet_id", Kind.STRING),
  INSTANCE_ID("instance-id", "instance_id", Kind.STRING),
  TCP_FLAGS("tcp-flags", "tcp_flags", Kind.INT),
  TYPE("type", "type", Kind.STRING),
  PKT_SRCADDR("pkt-srcaddr", "pkt_srcaddr", Kind.STRING),
  PKT_DSTADDR("pkt-dstaddr", "pkt_dstaddr", Kind.STRING),
  RECORD_REGION("region", "record_region", Kind.STRING),
  AZ_ID("az-id", "az_id", Kind.STRING),
  SUBLOCATION_TYPE("sublocation-type", "sublocation_type", Kind.STRING),
  SUBLOCATION_ID("sublocation-id", "sublocation_id", Kind.STRING),
  PKT_SRC_AWS_SERVICE("pkt-src-aws-service", "pkt_src_aws_service", Kind.STRING),
  PKT_DST_AWS_SERVICE("pkt-dst-aws-service", "pkt_dst_aws_service", Kind.STRING),
  FLOW_DIRECTION("flow-direction", "flow_direction", Kind.STRING),
  TRAFFIC_PATH("traffic-path", "traffic_path", Kind.INT),
  RESOURCE_TYPE("resource-type", "resource_type", Kind.STRING),
  TGW_ID("tgw-id", "tgw_id", Kind.STRING),
  TGW_ATTACHMENT_ID("tgw-attachment-id", "tgw_attachment_id", Kind.STRING),
  TGW_SRC_VPC_ACCOUNT_ID("tgw-src-vpc-account-id", "tgw_src_vpc_account_id", Kind.STRING),
  TGW_DST_VPC_ACCOUNT_ID("tgw-dst-vpc-account-id", "tgw_dst_vpc_account_id", Kind.STRING),
  TGW_SRC_VPC_ID("tgw-src-vpc-id", "tgw_src_vpc_id", Kind.STRING),
  TGW_DST_VPC_ID("tgw-dst-vpc-id", "tgw_dst_vpc_id", Kind.STRING),
  TGW_SRC_SUBNET_ID("tgw-src-subnet-id", "tgw_src_subnet_id", Kind.STRING),
  TGW_DST_SUBNET_ID("tgw-dst-subnet-id", "tgw_dst_subnet_id", Kind.STRING),
  TGW_SRC_ENI("tgw-src-eni", "tgw_src_eni", Kind.STRING),
  TGW_DST_ENI("tgw-dst-eni", "tgw_dst_eni", Kind.STRING),
  TGW_SRC_AZ_ID("tgw-src-az-id", "tgw_src_az_id", Kind.STRING),
  TGW_DST_AZ_ID("tgw-dst-az-id", "tgw_dst_az_id", Kind.STRING),
  TGW_PAIR_ATTACHMENT_ID("tgw-pair-attachment-id", "tgw_pair_attachment_id", Kind.STRING),
  PACKETS_LOST_NO_ROUTE("packets-lost-no-route", "packets_lost_no_route", Kind.LONG),
  PACKETS_LOST_BLACKHOLE("packets-lost-blackhole", "packets_lost_blackhole", Kind.LONG),
  PACKETS_LOST_MTU_EXCEEDED("packets-lost-mtu-exceeded", "packets_lost_mtu_exceeded", Kind.LONG),
  PACKETS_LOST_TTL_EXPIRED("packets-lost-ttl-expired", "packets_lost_ttl_expired", Kind.LONG),
  ECS_CLUSTER_ARN("ecs-cluster-arn", "ecs_cluster_arn", Kind.STRING),
  ECS_CLUSTER_NAME("ecs-cluster-name", "ecs_cluster_name", Kind.STRING),
  ECS_CONTAINER_INSTANCE_ARN(
      "ecs-container-instance-arn", "ecs_container_instance_arn", Kind.STRING),
  ECS_CONTAINER_INSTANCE_ID("ecs-container-instance-id", "ecs_container_instance_id", Kind.STRING),
  ECS_CONTAINER_ID("ecs-container-id", "ecs_container_id", Kind.STRING),
  ECS_SECOND_CONTAINER_ID("ecs-second-container-id", "ecs_second_container_id", Kind.STRING),
  ECS_SERVICE_NAME("ecs-service-name", "ecs_service_name", Kind.STRING),
  ECS_TASK_DEFINITION_ARN("ecs-task-definition-arn", "ecs_task_definition_arn", Kind.STRING),
  ECS_TASK_ARN("ecs-task-arn", "ecs_task_arn", Kind.STRING),
  ECS_TASK_ID("ecs-task-id", "ecs_task_id", Kind.STRING),
  REJECT_REASON("reject-reason", "reject_reason", Kind.STRING);

  /** How a field's token becomes its column value. */
  enum Kind {
    STRING(Columns.STRING),
    INT(Columns.INT),
    LONG(Columns.LONG),
    /** Epoch seconds (a {@code bigint} token), written as a timestamp when in range. */
    EPOCH(Columns.TIMESTAMP);

    final DataType column;

    Kind(DataType column) {
      this.column = column;
    }
  }

  /** Every field, in declaration order (a field's ordinal indexes it). */
  static final VpcField[] ALL = values();

  /** Field ordinals by the length of their header name, for {@link #lookup}. */
  private static final int[][] BY_LENGTH = byLength();

  final String column;
  final Kind kind;
  private final byte[] name;

  VpcField(String header, String column, Kind kind) {
    this.column = column;
    this.kind = kind;
    this.name = Text.ascii(header);
  }

  private static int[][] byLength() {
    List<List<Integer>> lists = new ArrayList<>();
    for (VpcField f : values()) {
      while (lists.size() <= f.name.length) lists.add(new ArrayList<>());
      lists.get(f.name.length).add(f.ordinal());
    }
    int[][] out = new int[lists.size()][];
    for (int n = 0; n < out.length; n++) {
      out[n] = lists.get(n).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /** The ordinal of the field whose header name is {@code buf[s, e)}, or -1. */
  static int lookup(byte[] buf, int s, int e) {
    int n = e - s;
    if (n >= BY_LENGTH.length || n == 0 || buf[s] < 'a' || buf[s] > 'z') return -1;
    for (int f : BY_LENGTH[n]) if (Text.is(buf, s, e, ALL[f].name)) return f;
    return -1;
  }

  /**
   * Whether the line {@code buf[s, e)} is a header line: its first token (all of it when it
   * has no space) names a field, the SQL parser's {@code substring_index(value, ' ', 1) IN
   * (<names>)}.
   */
  static boolean isHeaderLine(byte[] buf, int s, int e) {
    if (s == e || buf[s] < 'a' || buf[s] > 'z') return false;
    int space = Text.indexOf(buf, s, e, (byte) ' ');
    return lookup(buf, s, space < 0 ? e : space) >= 0;
  }
}
