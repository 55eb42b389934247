import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { QueryFile } from "./athena";

/** Args of {@link SavedInsightsQueries}. */
export interface SavedInsightsQueriesArgs {
  /** Provider of the account and Region holding the log groups. Required. */
  provider: aws.Provider;
  /** Console folder of the saved queries (query names become `<folder>/<name>`). Required. */
  folder: string;
  /** The queries (queries/insights/*), each with a `-- log-groups:` header naming a set. Required. */
  queries: QueryFile[];
  /** Log group names per set a query header may name (e.g. `trail`, `lambda`). Required. */
  logGroupSets: Readonly<Record<string, pulumi.Input<string>[]>>;
}

/**
 * CloudWatch Logs Insights saved queries, each bound to the log groups of the set its header
 * names, so they open with the right groups selected.
 * @throws Error naming the file when a header names no set or an unknown one.
 */
export class SavedInsightsQueries extends pulumi.ComponentResource {
  readonly definitions: readonly aws.cloudwatch.QueryDefinition[];

  constructor(
    name: string,
    args: SavedInsightsQueriesArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("logging:analytics:SavedInsightsQueries", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    this.definitions = args.queries.map((q) => {
      const set = q.fields["log-groups"];
      const groups = set === undefined ? undefined : args.logGroupSets[set];
      if (groups === undefined) {
        throw new Error(
          `${q.file}: header "-- log-groups:" must name one of ${Object.keys(args.logGroupSets).join(", ")}, got ${JSON.stringify(set)}`,
        );
      }
      return new aws.cloudwatch.QueryDefinition(
        `${name}-${q.file.replace(/\.[a-z]+$/, "")}`,
        {
          name: `${args.folder}/${q.name}`,
          queryString: q.query,
          // An empty set leaves the choice of log groups to whoever runs the query.
          logGroupNames: groups.length > 0 ? groups : undefined,
        },
        child,
      );
    });
    this.registerOutputs({});
  }
}
