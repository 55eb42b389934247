import * as path from "path";
import { SparkJobLocations } from "../../../../components/analytics/emr/stepCommand";
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
export const AUDIT = "345678901234";
export const LAKE = `acme-logs-prod-lake-${AUDIT}`;
export const ARTIFACTS = `acme-logs-prod-artifacts-${AUDIT}`;

export const LOC: SparkJobLocations = {
  packageZipUri: "s3://art/spark/logparse-h.zip",
  schemasZipUri: "s3://art/spark/schemas-h.zip",
  jobScriptUri: "s3://art/spark/job-h.py",
  searchScriptUri: "s3://art/spark/search_index-h.py",
  connectorJarUri: "s3://art/jars/c.jar",
  parserJarUri: "s3://art/spark/awslogs-h.jar",
  outputUri: "s3://lake/parsed/",
  rejectsUri: "s3://lake/rejects/",
  runsUri: "s3://lake/runs/",
};

export const SHIPPED = [
  "spark-submit",
  "--deploy-mode",
  "cluster",
  "--conf",
  "spark.yarn.maxAppAttempts=1",
  "--conf",
  "spark.driver.defaultJavaOptions=-XX:-DontCompileHugeMethods",
  "--conf",
  "spark.executor.defaultJavaOptions=-XX:-DontCompileHugeMethods",
  "--conf",
  "spark.yarn.appMasterEnv.LOGPARSE_SCHEMAS=./schemas",
  "--conf",
  "spark.executorEnv.LOGPARSE_SCHEMAS=./schemas",
  "--conf",
  "spark.yarn.appMasterEnv.LOGPARSE_FORMATS=./schemas/formats",
  "--conf",
  "spark.executorEnv.LOGPARSE_FORMATS=./schemas/formats",
  "--py-files",
  "s3://art/spark/logparse-h.zip",
  "--archives",
  "s3://art/spark/schemas-h.zip#schemas",
];
