import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./rules";

new PolicyPack(PACK_NAME, packArgs);
