import { HostProcess, HostProcessOptions } from "./host";

function keyOf(options: HostProcessOptions): string {
  return JSON.stringify([options.cwd, options.engineAddress, Object.entries(options.env ?? {}).sort()]);
}

/**
 * Keeps one booted but unconfigured provider host ready for a stack's next run. Every run still
 * gets a fresh host process, configured once, like the engine starts one per `pulumi up`; only the
 * ~1 s boot (loading `@pulumi/pulumi`) happens ahead of time. An idle spare never keeps this
 * process alive and ends when this process does.
 */
export class HostSpare {
  private spare?: { key: string; booting: Promise<HostProcess> };

  /** A booted host for these options: the spare when it matches them, else a new one. */
  async take(options: HostProcessOptions): Promise<HostProcess> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare) {
      const proc = await spare.booting.catch(() => undefined);
      if (proc?.alive && spare.key === keyOf(options)) return proc;
      await proc?.stop();
    }
    return HostProcess.spawn(options);
  }

  /** Boots a spare for the next run, unless one is ready or booting. */
  prepare(options: HostProcessOptions): void {
    if (this.spare) return;
    const booting = HostProcess.spawn(options).then((proc) => {
      proc.setIdle(true);
      return proc;
    });
    booting.catch(() => undefined);
    this.spare = { key: keyOf(options), booting };
  }

  /** Ends the spare, if any. */
  async dispose(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    const proc = await spare?.booting.catch(() => undefined);
    await proc?.stop();
  }
}
