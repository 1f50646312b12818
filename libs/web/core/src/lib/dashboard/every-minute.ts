import { msToNextMinute } from '../calls/call-view';

/**
 * Calls `tick` with the time now and again as each minute starts: the clock a dashboard's deadline
 * countdown reads. Returns what stops it.
 */
export function everyMinute(tick: (now: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    tick(Date.now());
    timer = setTimeout(run, msToNextMinute(Date.now()));
  };
  run();
  return () => clearTimeout(timer);
}
