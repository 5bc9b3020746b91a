// data-busy on a widget's host: the names of its background jobs still running, space-separated,
// and no attribute once none is. Pages and tests wait for its absence; a widget's view shows each
// job's state in its own panel through onChange.

/**
 * busyJobs(host, onChange) -> set(name, on, failure = null): marks the job `name` running or not;
 * onChange(name, on, failureText) is told each time (failureText: the message of the error that
 * stopped the job, or null).
 */
export function busyJobs(host, onChange = () => {}) {
  const running = new Set();
  return (name, on, failure = null) => {
    if (on) running.add(name);
    else running.delete(name);
    if (running.size) host.dataset.busy = [...running].join(' ');
    else delete host.dataset.busy;
    onChange(name, on, failure && (failure instanceof Error ? failure.message : String(failure)));
  };
}
