/** The posthog-source kind's provider: this module's whole export, so `__provider` can refer to it (../delegate.ts). */
import { lazyProvider } from "../delegate";
import { KIND_MODULE_IDS } from "../kinds";

export = lazyProvider(KIND_MODULE_IDS["posthog-source"]);
