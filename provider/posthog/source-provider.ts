/**
 * Compatibility: state written by pulumi-datasync 0.1.0 before provider/posthog moved into
 * sub-folders names this module in its `__provider`; refresh and destroy of such resources load it.
 */
export { provider } from "./source/provider";
