using System.Globalization;
using MetaOpt.Hosting;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.UserStudies;

namespace MetaOpt.Launcher.Commands.Worker;

/// <summary>How <c>metaopt run --isolation process</c> starts its workers: this launcher, in worker mode, with the run's settings.</summary>
internal static class WorkerProcess
{
    /// <summary>The worker command line and trial limits for <paramref name="request"/>, whose trials get <paramref name="threads"/> threads each.</summary>
    public static ProcessIsolation For(RunRequest request, TrialLimits limits, int threads)
    {
        var (program, arguments) = Launcher();
        arguments.AddRange([
            WorkerCommand.Verb, request.Definition.Name,
            WorkerCommand.SeedOption, request.Seed.ToString(CultureInfo.InvariantCulture),
            WorkerCommand.EpochsOption, request.Epochs.ToString(CultureInfo.InvariantCulture),
            WorkerCommand.FoldsOption, request.Folds.ToString(CultureInfo.InvariantCulture),
            WorkerCommand.ThreadsOption, threads.ToString(CultureInfo.InvariantCulture),
        ]);
        // With device slots each worker learns its own device from the pool; without, all share the run's.
        if (request.Devices is null)
            arguments.AddRange([WorkerCommand.DeviceOption, request.Device]);
        // The built assembly, not the user's .csproj: a worker must not start a build of its own.
        if (StudySet.IsUsers(request.Definition))
            arguments.AddRange([WorkerCommand.StudiesOption, request.Definition.GetType().Assembly.Location]);
        if (request.DataDirectory is { } data)
            arguments.AddRange([WorkerCommand.DataOption, data]);
        if (request.DataSubset is { } subset)
            arguments.AddRange([WorkerCommand.SubsetOption, subset]);
        if (request.Metric is { } metric)
            arguments.AddRange([WorkerCommand.MetricOption, metric]);
        if (request.TeacherModel is { } teacher)
            arguments.AddRange([WorkerCommand.TeacherModelOption, teacher]);
        return new ProcessIsolation
        {
            FileName = program,
            Arguments = arguments,
            TrialTimeout = limits.Timeout,
            TrialMemoryBytes = limits.MemoryBytes,
            RecycleAfter = limits.RecycleAfter,
            // The parent holds the storage; its URL (and password) stays out of the trials' processes.
            WithheldEnvironment = [StorageLocation.EnvironmentVariable],
        };
    }

    /// <summary>This launcher as a program to start: its apphost when it has one, else the .NET host running its assembly.</summary>
    private static (string Program, List<string> Arguments) Launcher()
    {
        var assembly = typeof(Program).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        if (File.Exists(apphost))
            return (apphost, []);
        var host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        return (host, ["exec", assembly]);
    }
}
