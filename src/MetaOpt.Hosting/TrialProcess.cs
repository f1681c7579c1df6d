using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json.Nodes;
using MetaOpt.Execution;

namespace MetaOpt.Hosting;

/// <summary>
/// One worker process of a <see cref="TrialProcessPool"/>, seen from the parent: it answers the worker's requests on
/// the real trial, and turns any death of the worker into a <see cref="TrialProcessException"/> saying why.
/// </summary>
internal sealed class TrialProcess : IDisposable
{
    // How long a worker whose connection ended gets to exit before it is killed and called hung.
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    private readonly ProcessIsolation _settings;
    private readonly Process _process;
    private readonly Socket _listener;
    private readonly string _socketPath;
    private readonly OutputTail _stdout;
    private readonly OutputTail _stderr;
    private readonly MemoryCgroup? _cgroup;
    private Socket? _connection;
    private StreamReader? _reader;
    private StreamWriter? _writer;
    private bool _killed;

    private TrialProcess(ProcessIsolation settings, Process process, Socket listener, string socketPath, string? device, MemoryCgroup? cgroup)
    {
        _settings = settings;
        _cgroup = cgroup;
        _process = process;
        _listener = listener;
        _socketPath = socketPath;
        Device = device;
        _stdout = new OutputTail(process.StandardOutput.BaseStream, keep: 0);
        _stderr = new OutputTail(process.StandardError.BaseStream, settings.StderrLines);
    }

    /// <summary>The physical device this worker's trials run on, or null without device slots.</summary>
    public string? Device { get; }

    /// <summary>The worker's process id, which also names its process group.</summary>
    public int Pid => _process.Id;

    /// <summary>Trials this worker has run.</summary>
    public int TrialsRun { get; private set; }

    /// <summary>Whether the worker ended, or was killed.</summary>
    public bool HasExited => _killed || _process.HasExited;

    /// <summary>Starts a worker placed on <paramref name="device"/>; it sees only that slot's GPU.</summary>
    public static TrialProcess Start(ProcessIsolation settings, string? device)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"metaopt-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        MemoryCgroup? cgroup = null;
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            var start = new ProcessStartInfo(settings.FileName)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in settings.Arguments)
                start.ArgumentList.Add(argument);
            foreach (var name in settings.WithheldEnvironment)
                start.Environment.Remove(name);
            start.Environment[TrialWorker.SocketVariable] = socketPath;
            start.Environment[TrialWorker.ParentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            // Workers share the cores with each other and the parent: OpenMP threads (libtorch's) that spin while they
            // wait take them from the threads doing the work, which made trials up to 9x slower on a busy machine.
            if (!start.Environment.ContainsKey("OMP_WAIT_POLICY"))
                start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
            if (device is not null)
            {
                start.Environment[TrialWorker.DeviceVariable] = ProcessDevice.InOwnProcess(device);
                if (ProcessDevice.VisibleGpu(device) is { } gpu)
                    start.Environment["CUDA_VISIBLE_DEVICES"] = gpu;
            }
            if (settings.TrialMemoryBytes is { } memory)
            {
                start.Environment[TrialWorker.MemoryVariable] = memory.ToString(CultureInfo.InvariantCulture);
                // The address-space cap alone would not bound the managed heap, whose range the runtime reserves at start.
                start.Environment["DOTNET_GCHeapHardLimit"] = memory.ToString("X", CultureInfo.InvariantCulture);
                // Where cgroup v2 can cap it, the worker joins its own cgroup and the cap counts resident memory.
                cgroup = OperatingSystem.IsLinux() ? MemoryCgroup.TryCreate($"metaopt-worker-{Environment.ProcessId}-{Guid.NewGuid():N}", memory) : null;
                if (cgroup is not null)
                    start.Environment[TrialWorker.CgroupVariable] = cgroup.Path;
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException($"'{settings.FileName}' did not start");
            // A worker reading its standard input meets its end rather than the parent's terminal.
            process.StandardInput.Close();
            return new TrialProcess(settings, process, listener, socketPath, device, cgroup);
        }
        catch
        {
            cgroup?.Dispose();
            listener.Dispose();
            File.Delete(socketPath);
            throw;
        }
    }

    /// <summary>Runs <paramref name="trial"/> in the worker and returns its values, one per objective.</summary>
    /// <exception cref="TrialPrunedException">The worker's objective pruned the trial.</exception>
    /// <exception cref="TrialProcessException">The worker died, ran out of time or memory, or its objective failed.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled; the worker was killed.</exception>
    public async Task<IReadOnlyList<double>> Run(Trial trial)
    {
        TrialsRun++;
        using var timeout = new CancellationTokenSource();
        if (_settings.TrialTimeout is { } limit)
            timeout.CancelAfter(limit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(trial.CancellationToken, timeout.Token);
        try
        {
            await Connect(stop.Token).ConfigureAwait(false);
            Send(new JsonObject
            {
                [WorkerMessages.Op] = "trial", ["id"] = trial.Id, ["number"] = trial.Number, ["seed"] = trial.Seed, ["artifacts"] = trial.CanSaveArtifacts,
                ["device"] = Device is null ? null : ProcessDevice.InOwnProcess(Device),
            });
            return await Serve(trial, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !trial.CancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new TrialProcessException($"The trial exceeded the trial timeout of {Units.Duration(_settings.TrialTimeout!.Value)}: its worker process (pid {Pid}) and its children were killed.");
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        catch (IOException)
        {
            throw Died();
        }
    }

    /// <summary>Ends the worker: closes its connection and kills what is left of its process group.</summary>
    public void Dispose()
    {
        _connection?.Dispose();
        Kill();
        _process.WaitForExit(ExitGrace);
        _listener.Dispose();
        File.Delete(_socketPath);
        _process.Dispose();
        _cgroup?.Dispose();
    }

    private async Task<IReadOnlyList<double>> Serve(Trial trial, CancellationToken stop)
    {
        InvalidSearchSpaceException? refused = null;
        while (true)
        {
            var line = await _reader!.ReadLineAsync(stop).ConfigureAwait(false) ?? throw Died();
            var message = WorkerMessages.Read(line);
            switch (message[WorkerMessages.Op]?.GetValue<string>())
            {
                case "suggest":
                    var name = message["name"]!.GetValue<string>();
                    try
                    {
                        Send(new JsonObject { ["value"] = WorkerMessages.Number(trial.SuggestInternal(name, DistributionJson.Read(message["distribution"]))) });
                    }
                    catch (InvalidSearchSpaceException e)
                    {
                        refused = e;
                        Send(new JsonObject { ["error"] = e.Message });
                    }
                    break;
                case "report":
                    trial.Report(WorkerMessages.ReadNumber(message["value"]), message["step"]!.GetValue<int>());
                    Send(new JsonObject());
                    break;
                case "prune":
                    Send(new JsonObject { ["prune"] = trial.ShouldPrune() });
                    break;
                case "attr":
                    trial.SetUserAttr(message["key"]!.GetValue<string>(), WorkerMessages.ReadValue(message["value"]));
                    Send(new JsonObject());
                    break;
                case "artifact":
                    Send(SaveArtifact(trial, message));
                    break;
                case "done":
                    return WorkerMessages.ReadValues(message);
                case "pruned":
                    throw new TrialPrunedException();
                case "failed":
                    var kind = message["kind"]?.GetValue<string>();
                    // A search-space error goes to the study as itself (the parent's own refusal, or the worker's), so
                    // the catch policy judges it as in thread mode.
                    if (kind == WorkerMessages.SearchSpaceError)
                        ExceptionDispatchInfo.Throw(refused ?? new InvalidSearchSpaceException(
                            message["message"]!.GetValue<string>(), message["parameter"]!.GetValue<string>()));
                    if (kind == WorkerMessages.OutOfMemory && _settings.TrialMemoryBytes is { } memory)
                        throw new TrialProcessException($"The trial exceeded the trial memory of {Units.Bytes(memory)}: {message["reason"]!.GetValue<string>()}");
                    throw new TrialProcessException(message["reason"]!.GetValue<string>());
                case var op:
                    throw new InvalidDataException($"the worker process sent an unknown request '{op}'");
            }
        }
    }

    // The worker wrote the bytes to a file of this machine; the parent's trial keeps them. A refusal (no store, a
    // name saved twice) goes back as the worker objective's own exception.
    private static JsonObject SaveArtifact(Trial trial, JsonObject message)
    {
        try
        {
            using var content = File.OpenRead(message["path"]!.GetValue<string>());
            var artifact = trial.SaveArtifact(message["name"]!.GetValue<string>(), content, message["content_type"]!.GetValue<string>());
            return new JsonObject { ["hash"] = artifact.Hash, ["size"] = artifact.Size };
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }

    private async Task Connect(CancellationToken stop)
    {
        if (_connection is not null)
            return;
        var accept = _listener.AcceptAsync(stop).AsTask();
        var exited = _process.WaitForExitAsync(stop);
        await Task.WhenAny(accept, exited).ConfigureAwait(false);
        if (!accept.IsCompleted)
        {
            stop.ThrowIfCancellationRequested();
            throw Died();
        }
        _connection = await accept.ConfigureAwait(false);
        File.Delete(_socketPath);
        (_reader, _writer) = WorkerMessages.Open(_connection);
    }

    private void Send(JsonObject message) => _writer!.WriteLine(WorkerMessages.Write(message));

    /// <summary>Why the worker ended, once it has: its exit code or signal and the last lines of its standard error.</summary>
    private TrialProcessException Died()
    {
        var exited = _process.WaitForExit(ExitGrace);
        Kill();
        _process.WaitForExit();
        var stderr = _stderr.Lines(TimeSpan.FromSeconds(2));
        var code = _process.ExitCode;
        var how = !exited ? "closed its connection and did not exit, so it was killed"
            : code > 128 && NativeProcess.SignalName(code - 128) is { } signal
                ? $"was killed by {signal}" + (signal == "SIGKILL" ? ", perhaps by the out-of-memory killer" : "")
            : $"exited with code {code}";
        var outOfMemory = stderr.Any(l => l.Contains("OutOfMemory", StringComparison.Ordinal) || l.Contains("out of memory", StringComparison.OrdinalIgnoreCase));
        var reason = new StringBuilder();
        if (_settings.TrialMemoryBytes is { } capped && _cgroup?.OomKilled == true)
            reason.Append(CultureInfo.InvariantCulture, $"The trial exceeded the trial memory of {Units.Bytes(capped)}: the kernel's memory controller (cgroup v2) killed its worker process (pid {Pid}).");
        else if (_settings.TrialMemoryBytes is { } memory && (outOfMemory || code - 128 == NativeProcess.SigKill))
            reason.Append(CultureInfo.InvariantCulture, $"The trial exceeded the trial memory of {Units.Bytes(memory)}: its worker process (pid {Pid}) {how}.");
        else
            reason.Append(CultureInfo.InvariantCulture, $"The trial's worker process (pid {Pid}) {how}.");
        if (stderr.Count > 0)
            reason.Append("\nThe last lines of its standard error:\n").AppendJoin('\n', stderr);
        return new TrialProcessException(reason.ToString());
    }

    private void Kill()
    {
        _killed = true;
        if (OperatingSystem.IsLinux())
            NativeProcess.KillGroup(_process.Id);
        else if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }
}
