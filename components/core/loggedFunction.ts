import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Levels Lambda's advanced logging controls accept for application logs. */
export type ApplicationLogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
/** Levels Lambda accepts for its own platform (system) logs. */
export type SystemLogLevel = "DEBUG" | "INFO" | "WARN";

/** Function arguments the component does not own (it sets name, loggingConfig and tags). */
export type LoggedFunctionSettings = Omit<
  aws.lambda.FunctionArgs,
  "name" | "loggingConfig" | "tags"
>;

/** Args of {@link LoggedFunction}. */
export interface LoggedFunctionArgs {
  /** Provider of the account and Region of the function. Required. */
  provider: aws.Provider;
  /** Function name. Required. */
  functionName: string;
  /**
   * Its log group, for a group under a path a key policy scopes (like `/<prefix>/<env>/`).
   * Default: `/aws/lambda/<functionName>`, the group Lambda would create.
   */
  logGroupName?: string;
  /** Everything else about the function (runtime, handler, code, role, ...). Required. */
  function: LoggedFunctionSettings;
  /** Log group retention in days (CloudWatch-accepted value). Required. */
  retentionDays: number;
  /** KMS key ARN of the log group. Default: none (service-managed encryption). */
  kmsKeyArn?: pulumi.Input<string>;
  /** Lowest application log level delivered. Default: `INFO`. */
  applicationLogLevel?: ApplicationLogLevel;
  /**
   * Lowest platform log level delivered. Default: `INFO`, so the `platform.report` record of
   * every invocation (duration, memory, init duration, status) reaches the group: the saved
   * Insights queries read it. `WARN` drops it with `platform.start`.
   */
  systemLogLevel?: SystemLogLevel;
  /**
   * Central destination the log group is subscribed to. Default: none, for accounts whose
   * account-level subscription policy already covers every log group.
   */
  subscription?: {
    /** ARN of the CloudWatch Logs destination (log-archive account, same Region). */
    destinationArn: pulumi.Input<string>;
    /** Sender role the organization-scoped destination requires. */
    roleArn: pulumi.Input<string>;
  };
  /** Tags for the function and log group. Default: none beyond the provider's default tags. */
  tags?: Record<string, string>;
}

/** The log group name Lambda writes a function's logs to by default. */
export function lambdaLogGroupName(functionName: string): string {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(functionName)) {
    throw new Error(
      `"${functionName}" is not a Lambda function name (1-64 of letters, digits, - and _)`,
    );
  }
  return `/aws/lambda/${functionName}`;
}

/**
 * A Lambda function whose logs are managed: its `/aws/lambda/<name>` group exists before the
 * function (so Lambda never creates a group that keeps logs forever), with retention and
 * optional KMS; the function logs JSON at the given levels into that group; and the group can
 * be subscribed to the central destination.
 */
export class LoggedFunction extends pulumi.ComponentResource {
  /** The function. */
  readonly function: aws.lambda.Function;
  /** Its log group. */
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: LoggedFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("logging:lambda:LoggedFunction", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const logGroupName = args.logGroupName ?? lambdaLogGroupName(args.functionName);

    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      {
        name: logGroupName,
        retentionInDays: args.retentionDays,
        kmsKeyId: args.kmsKeyArn,
        tags: args.tags,
      },
      child,
    );
    this.function = new aws.lambda.Function(
      name,
      {
        ...args.function,
        name: args.functionName,
        loggingConfig: {
          logFormat: "JSON",
          logGroup: this.logGroup.name,
          applicationLogLevel: args.applicationLogLevel ?? "INFO",
          systemLogLevel: args.systemLogLevel ?? "INFO",
        },
        tags: args.tags,
      },
      { ...child, dependsOn: [this.logGroup] },
    );
    if (args.subscription) {
      new aws.cloudwatch.LogSubscriptionFilter(
        name,
        {
          name: "central-logs",
          logGroup: this.logGroup.name,
          destinationArn: args.subscription.destinationArn,
          roleArn: args.subscription.roleArn,
          filterPattern: "",
          distribution: "Random",
        },
        child,
      );
    }
    this.registerOutputs({ functionArn: this.function.arn, logGroupName: this.logGroup.name });
  }
}
