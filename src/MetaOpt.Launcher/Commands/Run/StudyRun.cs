using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Report;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>Carries out one <c>metaopt run</c>: opens or resumes the stored study, runs the missing trials, reports.</summary>
internal sealed class StudyRun(RunRequest request, Terminal terminal)
{
    /// <summary>Study user attributes describing the run's settings, shown in reports and by 'metaopt list'.</summary>
    internal static class SettingAttrs
    {
        public const string Definition = "definition";
        public const string Description = "description";
        public const string Sampler = "sampler";
        public const string Pruner = "pruner";
        public const string Data = "data";
        public const string Device = "device";
        public const string Seed = "seed";
        public const string Epochs = "max_epochs";
        public const string Trials = "trials";
    }

    public int Execute()
    {
        using var storage = StorageFile.Open(request.StoragePath, create: true);
        var study = OpenStudy(storage);
        // Like Optuna's n_trials, failed trials count: a configuration that diverges has been tried.
        var finished = study.GetTrials(TrialState.Complete, TrialState.Pruned, TrialState.Failed).Count;
        var toRun = request.Trials - finished;
        if (toRun <= 0)
        {
            terminal.Output.WriteLine(
                $"Study '{study.Name}' already has {finished} finished trials (asked for {request.Trials}); pass a larger --trials to run more.");
            WriteSummary(study);
            return ExitCodes.Ok;
        }
        if (study.Trials.Count > 0)
            terminal.Output.WriteLine($"Resuming '{study.Name}': {finished} of {request.Trials} trials finished, running {toRun} more.");
        var objective = CreateObjective(study);
        var progress = new RunProgress(study, request.Trials, finished, request.Epochs, request.Parallelism, request.Timeout);
        ProgressDisplay display = terminal.Interactive
            ? new LiveProgressDisplay(progress, terminal.Console, DescribeSettings())
            : new PlainProgressDisplay(progress, terminal.Output);
        var optimization = Task.Run(() => study.Optimize(
            trial =>
            {
                display.TrialStarted(trial.Number);
                return objective(trial);
            },
            nTrials: toRun,
            timeout: request.Timeout,
            parallelism: request.Parallelism,
            callbacks: [(_, trial) => display.TrialFinished(trial)],
            stopOnCtrlC: true));
        var reason = display.Show(optimization);
        WriteSummary(study);
        if (request.ReportDirectory is { } reportDirectory)
            ReportWriter.Write(study, [], reportDirectory, terminal.Output);
        if (reason != StopReason.Cancelled)
            return ExitCodes.Ok;
        terminal.Error.WriteLine(
            $"metaopt: interrupted; {study.Trials.Count} trials are stored in '{StorageLocation.Describe(request.StoragePath)}': run the same command to resume");
        return ExitCodes.Interrupted;
    }

    private Study OpenStudy(IStorage storage)
    {
        var stored = storage.FindStudy(request.StudyName);
        if (stored?.UserAttrs.GetValueOrDefault(SettingAttrs.Definition) is string definition && definition != request.Definition.Name)
            throw LauncherException.Usage(
                $"study '{request.StudyName}' in '{StorageLocation.Describe(request.StoragePath)}' was made by definition '{definition}', not '{request.Definition.Name}': " +
                "pass --name to store this run under another name");
        var earlier = stored is null ? [] : storage.GetAllTrials(request.StudyName);
        // Seed the sampler past the draws of earlier runs, so a resumed run does not repeat their configurations.
        // Workers sharing a database start together from the same history: their process ids keep their draws apart.
        var samplerSeed = request.Seed + earlier.Count + (StorageLocation.IsDatabase(request.StoragePath) ? Environment.ProcessId : 0);
        Study study;
        try
        {
            study = Study.CreateOrLoad(request.StudyName, new StudyOptions
            {
                Storage = storage,
                Direction = request.Definition.Direction,
                // The study's total, for all workers sharing the storage: none starts a trial past it.
                MaxTrials = request.Trials,
                Sampler = SamplerChoice.Create(request.Sampler, request.Definition, samplerSeed),
                Pruner = PrunerChoice.Create(request.Pruner, request.Epochs),
                // A trial whose process was killed is failed on load and its configuration evaluated again.
                RetryFailedTrials = true,
                WarmStartFrom = request.WarmStart switch
                {
                    null => null,
                    "auto" => WarmStart.Auto,
                    var name => WarmStart.From(name),
                },
            });
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException && request.WarmStart is not null)
        {
            throw LauncherException.Usage($"cannot warm-start from '{request.WarmStart}': {Format.FirstLine(e.Message)}");
        }
        var abandoned = earlier.Count(t => t.State == TrialState.Running) - study.GetTrials(TrialState.Running).Count;
        if (abandoned > 0)
            terminal.Output.WriteLine($"{abandoned} trial(s) of an interrupted run were marked failed and will be evaluated again.");
        if (request.WarmStart is not null && request.Sampler != SamplerChoice.Name(SamplerKind.Gp))
            terminal.Error.WriteLine($"metaopt: note: only the gp sampler learns from --warm-start; the {request.Sampler} sampler ignores it");
        study.SetUserAttr(SettingAttrs.Definition, request.Definition.Name);
        study.SetUserAttr(SettingAttrs.Description, request.Definition.Description);
        study.SetUserAttr(SettingAttrs.Sampler, request.Sampler);
        study.SetUserAttr(SettingAttrs.Pruner, request.Pruner);
        study.SetUserAttr(SettingAttrs.Data, request.DataDirectory ?? "none");
        study.SetUserAttr(SettingAttrs.Device, request.Device);
        study.SetUserAttr(SettingAttrs.Seed, request.Seed);
        study.SetUserAttr(SettingAttrs.Epochs, request.Epochs);
        study.SetUserAttr(SettingAttrs.Trials, request.Trials);
        study.SetUserAttr(TrialAttributes.Version, BuildInfo.Version);
        study.SetUserAttr(TrialAttributes.Commit, BuildInfo.Commit);
        return study;
    }

    private Func<Trial, double> CreateObjective(Study study)
    {
        var context = new StudyRunContext
        {
            Study = study,
            DataDirectory = request.DataDirectory,
            Device = request.Device,
            Seed = request.Seed,
            Epochs = request.Epochs,
            Threads = Math.Max(1, Environment.ProcessorCount / request.Parallelism),
            Log = terminal.Output,
        };
        try
        {
            return request.Definition.CreateObjective(context);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw LauncherException.Failure($"cannot prepare study '{request.Definition.Name}': {Format.FirstLine(e.Message)}", e);
        }
    }

    private string DescribeSettings() =>
        $"sampler {request.Sampler}, pruner {request.Pruner}, device {request.Device}, seed {request.Seed}" +
        (request.Parallelism > 1 ? $", {request.Parallelism} in parallel" : "");

    private void WriteSummary(Study study)
    {
        var trials = study.Trials;
        var count = (TrialState state) => trials.Count(t => t.State == state);
        terminal.Output.WriteLine(
            $"Study '{study.Name}': {trials.Count} trials ({count(TrialState.Complete)} complete, {count(TrialState.Pruned)} pruned, " +
            $"{count(TrialState.Failed)} failed) in '{StorageLocation.Describe(request.StoragePath)}'.");
        var complete = study.GetTrials(TrialState.Complete);
        if (complete.Count == 0)
        {
            if (trials.LastOrDefault(t => t.State == TrialState.Failed) is { } failed)
                terminal.Output.WriteLine($"No trial completed; the last failure: {Format.FirstLine(failed.FailReason)}");
            return;
        }
        var best = study.BestTrial;
        terminal.Output.WriteLine($"Best value {Format.Value(best.Value)} (trial {best.Number}): {Format.Params(best.Params)}");
    }
}
