const CHECK_EVERY_MILLIS = 250;

/**
 * Calls `onParentGone` once the process that started this one has exited. npm passes SIGTERM
 * and SIGINT on to its child, but not when it is killed outright (SIGKILL, a crash); a
 * re-parented process is how this one learns that nobody is left to stop it.
 */
export const watchParent = (onParentGone: (parentPid: number) => void): void => {
  const parentPid = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    onParentGone(parentPid);
  }, CHECK_EVERY_MILLIS);
  timer.unref();
};
