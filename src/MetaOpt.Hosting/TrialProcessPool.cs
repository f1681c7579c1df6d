using System.Collections.Concurrent;
using MetaOpt.Execution;

namespace MetaOpt.Hosting;

/// <summary>
/// Runs each trial in a worker process, as an objective for <see cref="Study.Optimize"/>: the study (storage,
/// sampler, pruner, heartbeats, device slots) stays in this process and decides; the worker only evaluates. Workers
/// stay warm and run trial after trial; one that failed a trial, died or reached
/// <see cref="ProcessIsolation.RecycleAfter"/> is replaced by a fresh one.
/// </summary>
/// <remarks>
/// A trial placed on a device slot runs in a worker of that slot's device, which sees only its GPU
/// (<c>CUDA_VISIBLE_DEVICES</c>) and names it <c>cuda:0</c>. Any death of a worker fails its trial with
/// a <see cref="TrialProcessException"/> whose message says why; a cancelled study kills the workers of its running
/// trials, which are then stored as interrupted. Workers die with this process, even when it is killed.
/// </remarks>
public sealed class TrialProcessPool : IDisposable
{
    private readonly ProcessIsolation _settings;
    private readonly object _gate = new();
    private readonly List<TrialProcess> _idle = [];
    private readonly HashSet<TrialProcess> _busy = [];
    private readonly BlockingCollection<(string? Device, TaskCompletionSource<TrialProcess> Started)> _starts = new();
    private readonly Thread _starter;

    /// <summary>Creates the pool; workers start when trials need them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public TrialProcessPool(ProcessIsolation settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TrialTimeout is { } timeout && timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(settings), timeout, "TrialTimeout must be positive (or null for no limit)");
        if (settings.TrialMemoryBytes is <= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.TrialMemoryBytes, "TrialMemoryBytes must be positive (or null for no limit)");
        if (settings.RecycleAfter is < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.RecycleAfter, "RecycleAfter must be at least 1 (or null for never)");
        _settings = settings;
        // Linux sends a worker's parent-death signal when the thread that started it ends, not the process: workers
        // are started from this one thread, which lives as long as the pool, so a study's worker threads may come and go.
        _starter = new Thread(StartWorkers) { IsBackground = true, Name = "metaopt worker starter" };
        _starter.Start();
    }

    /// <summary>The process ids of the workers now running, for whoever watches them.</summary>
    public IReadOnlyList<int> WorkerIds
    {
        get
        {
            lock (_gate)
                return [.. _idle.Concat(_busy).Where(w => !w.HasExited).Select(w => w.Pid)];
        }
    }

    /// <summary>Evaluates <paramref name="trial"/> in a worker of its device: pass this as the objective of <see cref="Study.Optimize"/>.</summary>
    /// <exception cref="TrialPrunedException">The objective pruned the trial.</exception>
    /// <exception cref="TrialProcessException">The worker died, exceeded a limit, or the objective failed there.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled while the trial ran.</exception>
    public double Evaluate(Trial trial) => EvaluateAsync(trial).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Evaluate"/> for a multi-objective study, whose workers serve an objective of several values
    /// (<see cref="TrialWorker.Serve(Func{Trial, IReadOnlyList{double}})"/>): pass this to <see cref="Study.OptimizeObjectives"/>.
    /// </summary>
    /// <exception cref="TrialPrunedException">The objective pruned the trial.</exception>
    /// <exception cref="TrialProcessException">The worker died, exceeded a limit, or the objective failed there.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled while the trial ran.</exception>
    public IReadOnlyList<double> EvaluateObjectives(Trial trial) => Run(trial).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Evaluate"/> that holds no thread while the worker computes: pass this as the objective of
    /// <see cref="Study.OptimizeAsync"/>.
    /// </summary>
    /// <exception cref="TrialPrunedException">The objective pruned the trial.</exception>
    /// <exception cref="TrialProcessException">The worker died, exceeded a limit, or the objective failed there.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled while the trial ran.</exception>
    public async ValueTask<double> EvaluateAsync(Trial trial)
    {
        var values = await Run(trial).ConfigureAwait(false);
        return values.Count == 1
            ? values[0]
            : throw new TrialProcessException($"The worker's objective returned {values.Count} values, for a multi-objective study: evaluate with EvaluateObjectives.");
    }

    private async ValueTask<IReadOnlyList<double>> Run(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var worker = await Take(trial.Device).ConfigureAwait(false);
        var healthy = false;
        try
        {
            var value = await worker.Run(trial).ConfigureAwait(false);
            healthy = true;
            return value;
        }
        catch (TrialPrunedException)
        {
            healthy = true;
            throw;
        }
        finally
        {
            GiveBack(worker, healthy && !worker.HasExited && (_settings.RecycleAfter is not { } n || worker.TrialsRun < n));
        }
    }

    /// <summary>Ends every worker and the starter thread.</summary>
    public void Dispose()
    {
        List<TrialProcess> workers;
        lock (_gate)
        {
            workers = [.. _idle, .. _busy];
            _idle.Clear();
            _busy.Clear();
        }
        foreach (var worker in workers)
            worker.Dispose();
        _starts.CompleteAdding();
        _starter.Join();
        _starts.Dispose();
    }

    private async Task<TrialProcess> Take(string? device)
    {
        lock (_gate)
        {
            foreach (var gone in _idle.Where(w => w.HasExited).ToList())
            {
                _idle.Remove(gone);
                gone.Dispose();
            }
            if (_idle.FirstOrDefault(w => w.Device == device) is { } warm)
            {
                _idle.Remove(warm);
                _busy.Add(warm);
                return warm;
            }
        }
        var started = new TaskCompletionSource<TrialProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts.Add((device, started));
        var worker = await started.Task.ConfigureAwait(false);
        lock (_gate)
            _busy.Add(worker);
        return worker;
    }

    private void GiveBack(TrialProcess worker, bool keep)
    {
        lock (_gate)
        {
            _busy.Remove(worker);
            if (keep)
            {
                _idle.Add(worker);
                return;
            }
        }
        worker.Dispose();
    }

    private void StartWorkers()
    {
        foreach (var (device, started) in _starts.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(TrialProcess.Start(_settings, device));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
