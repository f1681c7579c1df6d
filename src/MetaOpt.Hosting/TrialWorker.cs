using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace MetaOpt.Hosting;

/// <summary>
/// The worker side of <see cref="TrialProcessPool"/>: a process started by it connects back, prepares the objective
/// and serves trial after trial. Every suggestion, report, pruning question and attribute of a trial is a round trip
/// to the parent, whose study samples, stores and prunes.
/// </summary>
/// <example>
/// A program that is its own worker:
/// <code>
/// if (TrialWorker.IsWorker)
/// {
///     using var worker = TrialWorker.Connect();
///     return worker.Serve(Objective);
/// }
/// using var pool = new TrialProcessPool(new ProcessIsolation { FileName = Environment.ProcessPath! });
/// study.Optimize(pool.Evaluate, trials: 50, parallelism: 4);
/// </code>
/// </example>
public sealed class TrialWorker : IDisposable
{
    internal const string SocketVariable = "METAOPT_WORKER_SOCKET";
    internal const string ParentVariable = "METAOPT_WORKER_PARENT";
    internal const string MemoryVariable = "METAOPT_WORKER_MEMORY";
    internal const string CgroupVariable = "METAOPT_WORKER_CGROUP";
    internal const string DeviceVariable = "METAOPT_WORKER_DEVICE";

    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private TrialWorker(Socket socket, string? device)
    {
        _socket = socket;
        (_reader, _writer) = WorkerMessages.Open(socket);
        Device = device;
    }

    /// <summary>Whether this process was started by a <see cref="TrialProcessPool"/> to serve trials.</summary>
    public static bool IsWorker => Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 };

    /// <summary>
    /// The device this worker's trials run on as this process names it (<c>cuda:0</c>, its slot's only visible GPU,
    /// or <c>cpu</c>); null when the study has no device slots. Prepare the objective for it.
    /// </summary>
    public string? Device { get; }

    /// <summary>
    /// Joins the parent: puts this process in its own process group (the parent kills the whole tree on a timeout),
    /// makes it die with the parent, applies the memory cap, and connects. Call it first, before loading data.
    /// </summary>
    /// <exception cref="InvalidOperationException">This process was not started by a <see cref="TrialProcessPool"/>, or its parent is gone.</exception>
    public static TrialWorker Connect()
    {
        var path = Environment.GetEnvironmentVariable(SocketVariable);
        if (string.IsNullOrEmpty(path))
            throw new InvalidOperationException($"this process was not started as a trial worker: {SocketVariable} is not set");
        if (OperatingSystem.IsLinux())
        {
            NativeProcess.StartOwnGroup();
            NativeProcess.DieWithParent();
            // The parent may have died before the line above: then this process was adopted and must not go on.
            if (int.TryParse(Environment.GetEnvironmentVariable(ParentVariable), CultureInfo.InvariantCulture, out var parent) && NativeProcess.ParentId != parent)
                throw new InvalidOperationException("the parent process ended before this worker started");
            // Where the parent made a cgroup and this process may join it, the cgroup caps the memory; else the address space.
            if (long.TryParse(Environment.GetEnvironmentVariable(MemoryVariable), CultureInfo.InvariantCulture, out var memory)
                && !(Environment.GetEnvironmentVariable(CgroupVariable) is { Length: > 0 } cgroup && MemoryCgroup.Join(cgroup)))
                NativeProcess.LimitAddressSpace((ulong)(AddressSpace() + memory));
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return new TrialWorker(socket, Environment.GetEnvironmentVariable(DeviceVariable) is { Length: > 0 } device ? device : null);
    }

    /// <summary>Runs the trials the parent sends until it closes the connection; returns the process's exit code.</summary>
    public int Serve(Func<Trial, double> objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Serve(trial => [objective(trial)]);
    }

    /// <summary>
    /// <see cref="Serve(Func{Trial, double})"/> for a multi-objective study: the objective returns one value per
    /// direction, which the parent tells the study (<see cref="TrialProcessPool.EvaluateObjectives"/>).
    /// </summary>
    public int Serve(Func<Trial, IReadOnlyList<double>> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var channel = new WorkerChannel(_reader, _writer);
        try
        {
            while (_reader.ReadLine() is { } line)
            {
                var message = WorkerMessages.Read(line);
                var trial = new Trial(channel, message["id"]!.GetValue<long>(), message["number"]!.GetValue<int>(), message["seed"]!.GetValue<int>(), message["device"]?.GetValue<string>(),
                    message["artifacts"]?.GetValue<bool>() ?? false);
                var (outcome, outOfMemory) = Evaluate(objectives, trial);
                channel.Send(outcome);
                // A runtime that ran out of memory is not trusted with another trial.
                if (outOfMemory)
                    return 1;
            }
            return 0;
        }
        catch (Exception e) when (e is WorkerChannel.ParentGoneException or IOException)
        {
            // The parent closed the connection or died mid-trial: nobody is left to report to.
            return 1;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _socket.Dispose();
    }

    private static (JsonObject Outcome, bool OutOfMemory) Evaluate(Func<Trial, IReadOnlyList<double>> objective, Trial trial)
    {
        try
        {
            return (WorkerMessages.Done(objective(trial)), false);
        }
        catch (TrialPrunedException)
        {
            return (new JsonObject { [WorkerMessages.Op] = "pruned" }, false);
        }
        catch (Exception e) when (e is not WorkerChannel.ParentGoneException)
        {
            var kind = e switch
            {
                InvalidSearchSpaceException => WorkerMessages.SearchSpaceError,
                OutOfMemoryException or InsufficientMemoryException => WorkerMessages.OutOfMemory,
                _ => null,
            };
            var failed = new JsonObject { [WorkerMessages.Op] = "failed", ["reason"] = e.ToString(), ["kind"] = kind };
            // A mistake the worker's own trial caught (a name suggested again with another range) never reached the
            // parent, which needs it whole to stop the study as in thread mode.
            if (e is InvalidSearchSpaceException refused)
            {
                failed["message"] = refused.Message;
                failed["parameter"] = refused.ParameterName;
            }
            return (failed, kind == WorkerMessages.OutOfMemory);
        }
    }

    /// <summary>This process's mapped address space in bytes (VmSize), which the memory cap is added to.</summary>
    private static long AddressSpace()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmSize:", StringComparison.Ordinal));
        return long.Parse(line["VmSize:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
