using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using MetaOpt.Execution;

namespace MetaOpt;

public sealed partial class Study
{
    /// <summary>Runs the objective on new trials until a budget is spent, the study is stopped, or it is cancelled.</summary>
    /// <param name="objective">Evaluates one trial and returns its value; throw <see cref="TrialPrunedException"/> when pruned.
    /// To run each trial in a worker process, pass <c>TrialProcessPool.Evaluate</c> (MetaOpt.Hosting).</param>
    /// <param name="trials">How many trials this call starts; unlimited when null.</param>
    /// <param name="timeout">No new trial starts after this much time; running ones finish. Unlimited when null.</param>
    /// <param name="parallelism">Worker threads evaluating trials at once, at least 1. With <paramref name="devices"/>,
    /// workers beyond its slot count wait for a free slot.</param>
    /// <param name="catchPolicy">Which objective exceptions fail only their trial; <see cref="CatchPolicy.AllButSearchSpaceErrors"/> when null.</param>
    /// <param name="callbacks">Called on the worker thread after each trial is stored.</param>
    /// <param name="stopOnCtrlC">Treat the first Ctrl+C (SIGINT) or SIGTERM as a cancellation; a second one ends the
    /// process as usual. Off by default: the library leaves the process's signals to its host, which may cancel
    /// <paramref name="cancellationToken"/> instead.</param>
    /// <param name="devices">Where trials run: each trial holds one slot exclusively while it runs, sees its device in
    /// <see cref="Trial.Device"/> and records it in the user attribute <see cref="Trial.DeviceAttr"/>; none when null.</param>
    /// <param name="cancellationToken">Cancels the study: running trials see it through <see cref="Trial.CancellationToken"/>,
    /// <see cref="Trial.Report"/> and <see cref="Trial.ShouldPrune"/>; one that stops with an <see cref="OperationCanceledException"/>
    /// is stored as Failed ("Interrupted: ..."), and with <see cref="StudyOptions.RetryFailedTrials"/> and retries left
    /// enqueued again in the same storage step, so the next run evaluates it and it does not count in
    /// <see cref="FinishedTrialCount"/>; one that returns its value all the same keeps it.</param>
    /// <returns>Why the optimisation stopped.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A budget or the parallelism is not positive.</exception>
    /// <exception cref="ArgumentException">The study has several objectives (pass an objective returning their values).</exception>
    public StopReason Optimize(
        Func<Trial, double> objective,
        int? trials = null,
        TimeSpan? timeout = null,
        int parallelism = 1,
        CatchPolicy? catchPolicy = null,
        IEnumerable<Action<Study, FrozenTrial>>? callbacks = null,
        bool stopOnCtrlC = false,
        DeviceSlots? devices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        // The one loop is asynchronous; a synchronous objective completes its ValueTask before the loop awaits it, so
        // none of its workers ever leaves its own thread.
        return Run(t => new ValueTask<IReadOnlyList<double>>([objective(t)]), singleValued: true, blocking: true, trials, timeout, parallelism, catchPolicy,
            callbacks, stopOnCtrlC, devices, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// <see cref="Optimize"/> for an objective that returns one value per direction of the study
    /// (<see cref="Directions"/>), as a multi-objective study's does; a result with another count of values fails its
    /// trial, naming the counts. The other arguments mean what they mean for <see cref="Optimize"/>.
    /// </summary>
    /// <returns>Why the optimisation stopped.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A budget or the parallelism is not positive.</exception>
    public StopReason OptimizeObjectives(
        Func<Trial, IReadOnlyList<double>> objective,
        int? trials = null,
        TimeSpan? timeout = null,
        int parallelism = 1,
        CatchPolicy? catchPolicy = null,
        IEnumerable<Action<Study, FrozenTrial>>? callbacks = null,
        bool stopOnCtrlC = false,
        DeviceSlots? devices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(t => new ValueTask<IReadOnlyList<double>>(objective(t)), singleValued: false, blocking: true, trials, timeout, parallelism, catchPolicy,
            callbacks, stopOnCtrlC, devices, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// <see cref="Optimize"/> for an objective that awaits (a database, a worker process, a remote service): up to
    /// <paramref name="parallelism"/> trials are in flight at once, and a trial holds no thread while its objective awaits.
    /// Budgets, catch policy, callbacks, devices, heartbeats, retries and cancellation behave as in <see cref="Optimize"/>.
    /// </summary>
    /// <param name="objective">Evaluates one trial and returns its value; throw (or fault with) <see cref="TrialPrunedException"/>
    /// when pruned, and pass <see cref="Trial.CancellationToken"/> to what it awaits. To run each trial in a worker
    /// process, pass <c>TrialProcessPool.EvaluateAsync</c> (MetaOpt.Hosting).</param>
    /// <param name="trials">How many trials this call starts; unlimited when null.</param>
    /// <param name="timeout">No new trial starts after this much time; running ones finish. Unlimited when null.</param>
    /// <param name="parallelism">Trials in flight at once, at least 1. With <paramref name="devices"/>, those beyond its
    /// slot count wait (without a thread) for a free slot.</param>
    /// <param name="catchPolicy">Which objective exceptions fail only their trial; <see cref="CatchPolicy.AllButSearchSpaceErrors"/> when null.</param>
    /// <param name="callbacks">Called after each trial is stored, on the thread that finished it.</param>
    /// <param name="stopOnCtrlC">As in <see cref="Optimize"/>: off by default.</param>
    /// <param name="devices">Where trials run, as in <see cref="Optimize"/>; none when null.</param>
    /// <param name="cancellationToken">Cancels the study, as in <see cref="Optimize"/>: a trial that stops on it is
    /// stored as interrupted (and retried with <see cref="StudyOptions.RetryFailedTrials"/>); a value that arrives is kept.</param>
    /// <returns>Why the optimisation stopped; it faults with an error of the sampler, the storage, a callback, or an
    /// objective exception that the catch policy does not catch.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A budget or the parallelism is not positive.</exception>
    /// <exception cref="ArgumentException">The study has several objectives.</exception>
    public Task<StopReason> OptimizeAsync(
        Func<Trial, ValueTask<double>> objective,
        int? trials = null,
        TimeSpan? timeout = null,
        int parallelism = 1,
        CatchPolicy? catchPolicy = null,
        IEnumerable<Action<Study, FrozenTrial>>? callbacks = null,
        bool stopOnCtrlC = false,
        DeviceSlots? devices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(async t => [await objective(t).ConfigureAwait(false)], singleValued: true, blocking: false, trials, timeout, parallelism, catchPolicy, callbacks, stopOnCtrlC, devices, cancellationToken);
    }

    /// <summary>
    /// Checks the arguments at once (not in the returned task), then runs the optimisation loop. A blocking objective
    /// (one that completes synchronously) gets a thread of its own per worker, which also waits for device slots, rather
    /// than running long trials on the thread pool.
    /// </summary>
    private Task<StopReason> Run(
        Func<Trial, ValueTask<IReadOnlyList<double>>> objective,
        bool singleValued,
        bool blocking,
        int? trials,
        TimeSpan? timeout,
        int parallelism,
        CatchPolicy? catchPolicy,
        IEnumerable<Action<Study, FrozenTrial>>? callbacks,
        bool stopOnCtrlC,
        DeviceSlots? devices,
        CancellationToken cancellationToken)
    {
        if (trials is <= 0)
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "trials must be positive (or null for no limit)");
        if (timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive (or null for no limit)");
        if (parallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "parallelism must be at least 1");
        if (singleValued && IsMultiObjective)
            throw new ArgumentException(
                $"Study '{Name}' has {Directions.Count} objectives ({Directions.ToText()}): pass an objective that returns {Directions.Count} values.", nameof(objective));

        _stopRequested = false;
        return Execute();

        async Task<StopReason> Execute()
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onSignals = stopOnCtrlC ? new StopOnSignals(cancellation) : null;
            var run = new OptimizeRun(this, objective, blocking, trials, timeout, catchPolicy ?? CatchPolicy.AllButSearchSpaceErrors,
                callbacks?.ToList() ?? [], devices, cancellation.Token);
            return await run.Execute(parallelism).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the first Ctrl+C (SIGINT) or SIGTERM (what service managers and <c>kill</c> send) cancel the study, so
    /// its running trials are stored as interrupted instead of being left Running; a second one ends the process.
    /// </summary>
    internal sealed class StopOnSignals : IDisposable
    {
        private static int s_installed;
        private readonly CancellationTokenSource _cancellation;
        private readonly PosixSignalRegistration? _sigterm;

        public StopOnSignals(CancellationTokenSource cancellation)
        {
            _cancellation = cancellation;
            Console.CancelKeyPress += OnCtrlC;
            try
            {
                _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
            }
            catch (PlatformNotSupportedException)
            {
                // No SIGTERM here: Ctrl+C alone stops the study.
            }
            Interlocked.Increment(ref s_installed);
        }

        /// <summary>How many are installed in this process now: what shows that Optimize installs none unless asked.</summary>
        internal static int Installed => Volatile.Read(ref s_installed);

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCtrlC;
            _sigterm?.Dispose();
            Interlocked.Decrement(ref s_installed);
        }

        // A second signal is left to its default: the process ends, and the next run fails the trials it leaves Running.
        private void OnCtrlC(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Cancel();

        private void OnSigterm(PosixSignalContext context) => context.Cancel = Cancel();

        private bool Cancel()
        {
            if (_cancellation.IsCancellationRequested)
                return false;
            _cancellation.Cancel();
            return true;
        }
    }

    private const string InterruptedReason = "Interrupted: the study was cancelled while the trial ran";

    /// <summary>The state of one <see cref="Optimize"/> or <see cref="OptimizeAsync"/> call, shared by its workers.</summary>
    private sealed class OptimizeRun(
        Study study,
        Func<Trial, ValueTask<IReadOnlyList<double>>> objective,
        bool blocking,
        int? trials,
        TimeSpan? timeout,
        CatchPolicy catchPolicy,
        IReadOnlyList<Action<Study, FrozenTrial>> callbacks,
        DeviceSlots? devices,
        CancellationToken cancellationToken)
    {
        private readonly DateTime _deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        private readonly ConcurrentDictionary<long, byte> _running = new();
        private readonly object _startLock = new();
        private int _started;
        private ExceptionDispatchInfo? _fatal;
        private StopReason? _reason;

        public async Task<StopReason> Execute(int parallelism)
        {
            var heartbeat = new Timer(_ => Beat(), null, study.Options.HeartbeatInterval, study.Options.HeartbeatInterval);
            try
            {
                var workers = Enumerable.Range(0, parallelism)
                    .Select(_ => blocking
                        ? Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
                        : Task.Run(Work))
                    .ToArray();
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            finally
            {
                // Waits for a beat in progress, so none touches the storage after Optimize returns (and the caller
                // may dispose it).
                await heartbeat.DisposeAsync().ConfigureAwait(false);
            }
            _fatal?.Throw();
            return _reason ?? StopReason.TrialsDone;
        }

        private async Task Work()
        {
            try
            {
                while (true)
                {
                    // The slot is taken before the trial exists, so a trial never waits Running for a device.
                    using var lease = await AcquireSlot().ConfigureAwait(false);
                    if (lease is null && devices is not null)
                        return;
                    Trial? trial;
                    // Deciding to start a trial and creating it are one step, so when a sampler stops the study while
                    // a trial is created (an exhausted grid), no other worker has already decided to create one more.
                    lock (_startLock)
                    {
                        if (!NextTrialAllowed())
                            return;
                        trial = study.Ask(cancellationToken);
                        if (trial is null)
                        {
                            _reason ??= StopReason.TrialsDone;
                            return;
                        }
                    }
                    if (lease is not null)
                    {
                        trial.Device = lease.Device;
                        trial.SetUserAttr(Trial.DeviceAttr, lease.Device);
                        if (devices!.IsPacked)
                            trial.SetUserAttr(Trial.TrialsPerDeviceAttr, lease.TrialsPerDevice);
                    }
                    await RunOne(trial).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // A failing sampler, storage or callback stops every worker and reaches the caller as itself, rather
                // than ending this worker alone while the others go on (forever, with no trial budget).
                Fail(e);
            }
        }

        /// <summary>Waits for a free device slot; null without slots, or when the study was cancelled meanwhile.</summary>
        private async ValueTask<DeviceLease?> AcquireSlot()
        {
            if (devices is null)
                return null;
            try
            {
                return blocking ? devices.Acquire(cancellationToken) : await devices.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                lock (_startLock)
                    _reason ??= StopReason.Cancelled;
                return null;
            }
        }

        private bool NextTrialAllowed()
        {
            StopReason? reason =
                _fatal is not null || study._stopRequested ? StopReason.Stopped
                : cancellationToken.IsCancellationRequested ? StopReason.Cancelled
                : DateTime.UtcNow >= _deadline ? StopReason.Timeout
                : trials is { } n && Interlocked.Increment(ref _started) > n ? StopReason.TrialsDone
                : null;
            if (reason is null)
                return true;
            lock (_startLock)
                _reason ??= cancellationToken.IsCancellationRequested ? StopReason.Cancelled : reason;
            return false;
        }

        private async Task RunOne(Trial trial)
        {
            _running[trial.Id] = 0;
            FrozenTrial finished;
            try
            {
                finished = await Evaluate(trial).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(trial.Id, out _);
            }
            foreach (var callback in callbacks)
                callback(study, finished);
        }

        private async Task<FrozenTrial> Evaluate(Trial trial)
        {
            var (state, values, failReason, interrupted) = await Outcome(trial).ConfigureAwait(false);
            try
            {
                // An interrupted trial is no verdict on its configuration: it is failed and, retries permitting, enqueued again.
                return interrupted
                    ? study.Interrupted(trial, failReason!)
                    : study.Tell(trial, state, values, failReason);
            }
            catch (InvalidOperationException) when (study._storage.GetTrial(trial.Id) is { } stored && stored.State.IsFinished())
            {
                // Another worker took this one for dead (its heartbeats were late) and failed the trial: its verdict
                // stands, this result is dropped, and the worker goes on with the next trial.
                study.Logger.TrialFinishedElsewhere(stored.Number, study.Name, stored.State,
                    FirstLine(stored.FailReason) ?? "by another worker", values is null ? $"{state}" : $"{state} {string.Join(", ", values)}");
                return stored;
            }
        }

        private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].TrimEnd();

        /// <summary>Runs the objective; only its own exceptions are judged here, so a failing Tell is not taken for one.</summary>
        private async Task<(TrialState State, IReadOnlyList<double>? Values, string? FailReason, bool Interrupted)> Outcome(Trial trial)
        {
            try
            {
                // A value that arrived is kept even after a cancellation: the objective ran to its end (one that cuts
                // its work short on the token throws, as Report and ShouldPrune do), so running it again would waste it.
                var values = await objective(trial).ConfigureAwait(false);
                var expected = study.Directions.Count;
                return values?.Count == expected
                    ? (TrialState.Complete, values, null, false)
                    : (TrialState.Failed, null, $"The objective returned {values?.Count ?? 0} values, but study '{study.Name}' has {expected} objectives ({study.Directions.ToText()}).", false);
            }
            catch (TrialPrunedException)
            {
                return (TrialState.Pruned, null, null, false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (TrialState.Failed, null, InterruptedReason + ".", true);
            }
            catch (Exception e)
            {
                if (!catchPolicy.Catches(e))
                    Fail(e);
                // A worker process's failure is already told in words (exit, signal, its stderr); its stack says nothing.
                return (TrialState.Failed, null, e is TrialProcessException ? e.Message : e.ToString(), false);
            }
        }

        private void Fail(Exception e)
        {
            lock (_startLock)
                _fatal ??= ExceptionDispatchInfo.Capture(e);
        }

        private void Beat()
        {
            foreach (var id in _running.Keys)
            {
                try
                {
                    study._storage.RecordHeartbeat(id);
                }
                catch (Exception)
                {
                    // Runs on a timer thread, where an exception would end the process. A missed beat is harmless:
                    // the trial finished meanwhile, or the next beat (or the trial's own Tell) meets the same fault.
                }
            }
        }
    }
}
