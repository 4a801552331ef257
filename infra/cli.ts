/**
 * Runs a command-line entry point (scripts, benchmarks). A failure prints the error and exits 1.
 * Benchmarks exit as soon as they are done, since emulator clients keep handles open; scripts
 * end naturally, so output piped from them is never cut short.
 */
export function runMain(
  main: () => Promise<void>,
  options: { exitWhenDone?: boolean; stackOnError?: boolean } = {},
): void {
  main().then(
    () => {
      if (options.exitWhenDone) process.exit(0);
    },
    (error: unknown) => {
      console.error(options.stackOnError || !(error instanceof Error) ? error : error.message);
      process.exit(1);
    },
  );
}
