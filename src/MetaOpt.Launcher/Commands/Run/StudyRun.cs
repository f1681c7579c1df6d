using System.Globalization;
using MetaOpt.Dashboard;
using MetaOpt.Hosting;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Best;
using MetaOpt.Launcher.Commands.Dashboard;
using MetaOpt.Launcher.Commands.Report;
using MetaOpt.Launcher.Commands.Worker;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>
/// Carries out one <c>metaopt run</c>: prepares the definition (settings, data), opens or resumes the stored study,
/// runs the missing trials and reports. Everything that can be checked is checked before the study is stored.
/// </summary>
internal sealed class StudyRun(RunRequest request, Terminal terminal, Interruption interruption)
{
    /// <summary>Study user attributes describing the latest run's settings, shown in reports and by 'metaopt list'.</summary>
    internal static class SettingAttrs
    {
        public const string Definition = "definition";
        public const string Description = "description";
        public const string Sampler = "sampler";
        public const string Pruner = "pruner";
        public const string Data = "data";
        public const string Device = "device";
        public const string Seed = Study.SeedAttr;
        public const string Epochs = "max_epochs";
        public const string Trials = "trials";
    }

    private const string Resume = "run the same command to resume";

    public int Execute()
    {
        var started = DateTime.UtcNow;
        interruption.Listen();
        var pipeline = Prepare();
        if (interruption.Requested)
            throw interruption.Stopped($"nothing was stored yet: {Resume}");
        CheckSeveralObjectives();
        CheckEnsemble(pipeline);
        CheckWarmStartSource();
        using var storage = StorageFile.Open(request.StoragePath, create: true);
        CheckStoredStudy(storage);
        CheckMetric(storage);
        request = request with { Intensify = Intensification(storage) };
        var artifacts = ArtifactStore(storage);
        var study = OpenStudy(storage, pipeline, artifacts);
        if (artifacts is not null)
            ArtifactLocation.Prepare(artifacts);
        // Recorded once given, so workers on other machines and later commands find the folder without the option.
        if (request.Artifacts is not null && artifacts is not null)
            study.SetUserAttr(ArtifactLocation.StudyAttr, artifacts.Location);
        // Served from this process, which holds the LiteDB file: a second process could not read it while it runs.
        using var dashboard = request.DashboardPort is { } port ? DashboardCommand.Start(storage, new DashboardOptions { Port = port }) : null;
        if (dashboard is not null)
            terminal.Output.WriteLine($"Dashboard of the running study at {dashboard.Url} (read only)");
        // Like Optuna's n_trials, a failed trial counts, unless its configuration is being evaluated again; repeats
        // of a confirmation are not part of the search's --trials.
        var finished = SearchTrialsFinished(study);
        var toRun = request.ConfirmOnly ? 0 : request.Trials - finished;
        if (toRun <= 0 && request.Confirm is null)
        {
            // Nothing to run: the stored settings stay as they are (this command line asked for nothing new).
            terminal.Output.WriteLine(
                $"Study '{Format.Name(study.Name)}' already has {finished} finished trials (asked for {request.Trials}); pass a larger --trials to run more.");
            WriteSummary(study);
            BuildEnsemble(study, pipeline);
            WriteReport(study);
            return ExitCodes.Ok;
        }
        return toRun > 0 ? Search(study, pipeline, started, finished, toRun) : Confirm(study, pipeline);
    }

    /// <summary>The finished trials that count toward --trials: all but the repeats of a confirmation (intensification's count).</summary>
    private static int SearchTrialsFinished(Study study)
    {
        var trials = study.Trials;
        var runningRepeats = TrialBudget.UsedByRepeats(trials.Where(t => t.State == TrialState.Running));
        return study.FinishedTrialCount - (TrialBudget.UsedByRepeats(trials) - runningRepeats);
    }

    private int Search(Study study, StudyPipeline pipeline, DateTime started, int finished, int toRun)
    {
        RecordSettings(study, started);
        if (study.Trials.Count > 0)
            terminal.Output.WriteLine($"Resuming '{Format.Name(study.Name)}': {finished} of {request.Trials} trials finished, running {toRun} more.");
        StopReason reason;
        try
        {
            reason = Optimize(study, pipeline, request.Trials, finished, toRun);
        }
        catch (InvalidSearchSpaceException e)
        {
            // A mistake in the objective, which every trial would repeat: the study stops (in either isolation) and
            // the user fixes the code. The trial that showed it is stored as failed with the same reason.
            throw LauncherException.Failure(
                $"study '{Format.Name(study.Name)}' stopped: its objective suggested a parameter wrongly (fix the study's code): {Format.Reason(e)}", e);
        }
        if (reason == StopReason.Cancelled || interruption.Requested)
        {
            WriteSummary(study);
            throw interruption.Stopped($"{study.Trials.Count} trials are stored in '{StorageLocation.Describe(request.StoragePath)}': {Resume}");
        }
        if (request.Confirm is not null)
            return Confirm(study, pipeline);
        WriteSummary(study);
        BuildEnsemble(study, pipeline);
        WriteReport(study);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Runs what confirming the best configurations still needs (<see cref="Study.EnqueueConfirmation"/>): on top of
    /// the search's budget, each repeat trained to the end (no pruner), so a confirmation killed and run again only
    /// adds the missing repeats.
    /// </summary>
    private int Confirm(Study study, StudyPipeline pipeline)
    {
        var (top, repeats) = request.Confirm!.Value;
        // Repeats count as trials of the study, beyond the search's --trials, and are not pruned: a confirmation
        // compares full trainings.
        var confirming = Study.Load(study.Name, study.Options with { MaxTrials = null, Pruner = new NopPruner(), Intensification = null });
        var enqueued = confirming.EnqueueConfirmation(top, repeats);
        var waiting = confirming.GetTrials(TrialState.Waiting).Count;
        terminal.Output.WriteLine(
            $"Confirming the {top} best configurations with {repeats} more seeds each: {waiting} trials to run" +
            (waiting > enqueued.Count ? $" ({waiting - enqueued.Count} left by an earlier run)." : "."));
        var reason = waiting == 0 ? StopReason.TrialsDone : Optimize(confirming, pipeline, waiting, 0, waiting);
        WriteSummary(confirming);
        if (reason == StopReason.Cancelled || interruption.Requested)
            throw interruption.Stopped($"{confirming.Trials.Count} trials are stored in '{StorageLocation.Describe(request.StoragePath)}': {Resume}");
        if (pipeline.EvaluatesBaselines)
        {
            // The baselines on the seeds of the confirmation's repeats, so that each comparison is paired seed by seed.
            terminal.Output.WriteLine(
                $"Evaluating the baselines on the {BaselineRuns.SeedsToRun(confirming).Count} seeds of the confirmation's repeats (once per seed; stored ones are kept)...");
            try
            {
                pipeline.ConfirmBaselines(confirming, interruption.Token);
            }
            catch (OperationCanceledException) when (interruption.Requested)
            {
                throw interruption.Stopped($"the baselines of the confirmation are not all evaluated: {Resume}");
            }
        }
        var ranked = confirming.Configurations;
        terminal.Output.WriteLine("Confirmed configurations (mean over their runs, 95% interval):");
        foreach (var line in ConfirmationText.Lines(ranked))
            terminal.Output.WriteLine(line);
        var comparisons = ConfirmedBaselines.Of(confirming.UserAttrs, confirming.Direction, ConfigurationResult.Winner(ranked));
        if (comparisons.Count > 0)
            terminal.Output.WriteLine("The winner against the best baseline of each group (mean [95% interval] over their runs):");
        foreach (var line in ConfirmationText.BaselineLines(comparisons))
            terminal.Output.WriteLine(line);
        BuildEnsemble(confirming, pipeline);
        WriteReport(confirming);
        return ExitCodes.Ok;
    }

    private StudyPipeline Prepare() => Prepare(request.Definition, new StudyRunContext
    {
        DataDirectory = request.DataDirectory,
        DataSubset = request.DataSubset,
        // With slots, preparation (checks, baselines) uses the first; each trial gets its own.
        Device = request.Devices?.Slots[0] ?? request.Device,
        Seed = request.Seed,
        Epochs = request.Epochs,
        Folds = request.Folds,
        Metric = request.Metric,
        TeacherModel = request.TeacherModel,
        Threads = Threads,
        Log = terminal.Output,
    });

    /// <summary>The definition prepared on the CPU with its default settings, for a command that reads its data but trains nothing.</summary>
    public static StudyPipeline PrepareOnly(IStudyDefinition definition, string? dataDirectory, string? dataSubset, TextWriter log) =>
        Prepare(definition, new StudyRunContext { DataDirectory = dataDirectory, DataSubset = dataSubset, Epochs = definition.Epochs, Log = log });

    private static StudyPipeline Prepare(IStudyDefinition definition, StudyRunContext context)
    {
        try
        {
            return StudyPipeline.Prepare(definition, context);
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage($"cannot run '{definition.Name}' with these settings: {Format.Reason(e)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or NotSupportedException)
        {
            var what = context.DataDirectory is { } data ? $"the data in '{data}'" : "its data";
            throw LauncherException.Failure($"cannot prepare '{definition.Name}': {what} cannot be used: {Format.Reason(e)}", e);
        }
    }

    /// <summary>
    /// A multi-objective study refuses, before anything is stored, what serves one objective only: a sampler that
    /// models one value, a pruner, intensification and confirmation (which rank configurations by one mean).
    /// </summary>
    private void CheckSeveralObjectives()
    {
        var directions = request.Definition.DirectionsOf(request.Metric);
        if (directions.Count == 1)
            return;
        var study = $"study '{request.Definition.Name}' has {directions.Count} objectives ({Format.Directions(directions)})";
        CheckSamplerAndPruner(study, request.Sampler, request.Pruner);
        if (request.Intensify is not null)
            throw LauncherException.Usage($"invalid --intensify: {study}, and intensification ranks configurations by one objective; run without it");
        if (request.Confirm is not null)
            throw LauncherException.Usage($"invalid --confirm: {study}, and a confirmation ranks configurations by one objective; run without it");
        if (request.Ensemble is not null)
            throw LauncherException.Usage($"invalid --ensemble: {study}, and an ensemble's models are ranked by one objective; run without it");
    }

    /// <summary>
    /// Refuses, for a multi-objective <paramref name="study"/> (the words saying so), a sampler that cannot serve
    /// several objectives and a pruner other than none; a null one (not given) passes. <c>run</c> and <c>ask</c> share it.
    /// </summary>
    internal static void CheckSamplerAndPruner(string study, string? sampler, string? pruner)
    {
        if (sampler is not null && !SupportsSeveralObjectives(sampler))
            throw LauncherException.Usage(
                $"invalid --sampler {sampler}: {study}, which it cannot optimise; use {Format.Names(SamplerRegistry.Names.Names.Where(SupportsSeveralObjectives))}");
        if (pruner is not null && PrunerRegistry.Names.Parse(pruner) != PrunerKind.None)
            throw LauncherException.Usage($"invalid --pruner {pruner}: {study}, and pruning compares one objective; use --pruner none");
    }

    /// <summary>
    /// <c>--ensemble K</c> is refused before anything is stored where it could not run: a study that keeps no models,
    /// a keep policy that keeps fewer than K, and folds (whose models trained on validation users the selection needs).
    /// </summary>
    private void CheckEnsemble(StudyPipeline pipeline)
    {
        if (request.Ensemble is not { } topK)
            return;
        if (!pipeline.BuildsEnsembles)
            throw LauncherException.Usage(
                $"invalid --ensemble {topK}: study '{request.Definition.Name}' keeps no trained models to combine; use it with a study that keeps them (the recommender studies)");
        if (request.KeepArtifacts.Top is { } top && top < topK)
            throw LauncherException.Usage(top == 0
                ? $"invalid --ensemble {topK}: --keep-models none keeps no model to combine; use --keep-models top-{topK} or more (or all)"
                : $"invalid --ensemble {topK}: --keep-models top-{top} keeps at most {top} model{(top == 1 ? "" : "s")}; use --keep-models top-{topK} or more (or all), or --ensemble {top}");
        if (request.Folds > 1)
            throw LauncherException.Usage(
                $"invalid --ensemble {topK} with --folds {request.Folds}: each model then trained on some of the validation users that choose the ensemble; run without --folds");
    }

    /// <summary>
    /// The final ensemble stage (<see cref="StudyPipeline.Ensemble"/>): built and stored in the study, or the stored
    /// one kept when it was chosen from the same models with the same K, then shown with its verdict.
    /// </summary>
    private void BuildEnsemble(Study study, StudyPipeline pipeline)
    {
        if (request.Ensemble is not { } topK)
            return;
        var name = Format.Name(study.Name);
        EnsembleStageResult result;
        try
        {
            result = pipeline.Ensemble(study, topK, interruption.Token);
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage($"cannot build the ensemble of study '{name}': {Format.Reason(e)}");
        }
        catch (InvalidDataException e)
        {
            throw LauncherException.Failure($"cannot build the ensemble of study '{name}': {Format.Reason(e)}", e);
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            throw interruption.Stopped($"the ensemble was not built; the trials are stored in '{StorageLocation.Describe(request.StoragePath)}': {Resume}");
        }
        var ensemble = result.Ensemble;
        terminal.Output.WriteLine(result.Built
            ? $"Ensemble of the {ensemble.Members.Count} best kept models (--ensemble {topK}), selected on {ensemble.SelectedOn}, compared on {ensemble.ComparedOn} ({ensemble.Measure}, selection / held out):"
            : $"Ensemble of the same {ensemble.Members.Count} kept models already stored; kept as it is ({ensemble.Measure} on {ensemble.SelectedOn} / {ensemble.ComparedOn}):");
        foreach (var row in ensemble.Rows)
            terminal.Output.WriteLine($"  {row.Name,-9} {Format.Value(row.Selection),-10} {Format.Value(row.Held),-10} {row.About}");
        terminal.Output.WriteLine(
            $"The ensemble {ensemble.Verdict} against the best single trial on {ensemble.ComparedOn} (weights: " +
            string.Join(", ", ensemble.Members.Where(m => m.Count > 0).Select(m => $"trial {m.Trial} {m.Weight.ToString("0.###", CultureInfo.InvariantCulture)}")) + ").");
    }

    // Asked of each sampler built over a one-parameter space: what it can serve does not depend on the space, and a grid
    // over the study's own could be large.
    private static bool SupportsSeveralObjectives(string sampler) =>
        SamplerRegistry.Create(sampler, 0, new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(0, 1) }).SupportsMultiObjective;

    /// <summary>A named study to warm-start from must already be stored; checked before anything is created.</summary>
    private void CheckWarmStartSource()
    {
        if (request.WarmStart is not { } source || source == "auto")
            return;
        List<string> names = [];
        if (StorageLocation.IsDatabase(request.StoragePath) || File.Exists(request.StoragePath))
        {
            using var storage = StorageFile.OpenBeforeWriters(request.StoragePath);
            if (storage.FindStudy(source) is not null)
                return;
            names = storage.GetAllStudies().Select(s => s.Name).ToList();
        }
        throw LauncherException.Usage(names.Count == 0
            ? $"cannot warm-start from '{Format.Name(source)}': '{StorageLocation.Describe(request.StoragePath)}' has no studies yet; use --warm-start auto or run that study first"
            : $"cannot warm-start from '{Format.Name(source)}': no such study in '{StorageLocation.Describe(request.StoragePath)}'; it has {Format.Names(names)}");
    }

    /// <summary>
    /// A stored study of that name must be this definition's: another definition's, or one with trials but no
    /// definition ('metaopt ask' or the API made it, with its own search space), would mix two studies in one.
    /// </summary>
    private void CheckStoredStudy(IStorage storage)
    {
        if (storage.FindStudy(request.StudyName) is null)
            return;
        // Trials are counted before the definition is read: a run stores its definition before its first trial, so a
        // worker starting beside another sees either no trial yet or the definition too.
        var hasTrials = storage.GetAllTrials(request.StudyName).Count > 0;
        var stored = storage.FindStudy(request.StudyName)!;
        var problem = stored.UserAttrs.GetValueOrDefault(SettingAttrs.Definition) switch
        {
            string definition when definition != request.Definition.Name => $"was made by definition '{Format.Name(definition)}', not '{request.Definition.Name}'",
            null when hasTrials => $"was made by 'metaopt ask' or the API, not by definition '{request.Definition.Name}'",
            _ => null,
        };
        if (problem is not null)
            throw LauncherException.Usage(
                $"study '{Format.Name(request.StudyName)}' in '{StorageLocation.Describe(request.StoragePath)}' {problem}: "
                + "pass --name to store this run under another name");
    }

    /// <summary>
    /// The incumbent's most runs when this run intensifies: a stored study goes on as its last run did, so a resume
    /// without <c>--intensify</c> keeps intensifying; a value that contradicts the stored one is refused, as the
    /// intensifier would then judge configurations raced under other rules (or, never raced, not at all). A study
    /// whose runs stored no such setting (made before it was stored) takes the command line's.
    /// </summary>
    private int? Intensification(IStorage storage)
    {
        if (storage.FindStudy(request.StudyName) is not { } stored || RunHistory.Last(stored.UserAttrs) is not { } last || !last.ContainsKey("intensify"))
            return request.Intensify;
        int? before = last["intensify"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<int>(out var runs) ? runs : null;
        if (request.Intensify is not { } asked || asked == before)
            return before;
        var name = Format.Name(request.StudyName);
        throw LauncherException.Usage(before is { } kept
            ? $"invalid --intensify {asked}: study '{name}' was run with --intensify {kept}; resume it with --intensify {kept} or without the option, or pass --name to start another study"
            : $"invalid --intensify {asked}: study '{name}' was run without intensification, so its configurations were not raced on common seeds; resume it without --intensify, or pass --name to start another study");
    }

    /// <summary>
    /// A stored study is resumed with the metric of its last run, as its values would otherwise mix two measures,
    /// perhaps in two directions. The study was prepared with this run's metric already, so there is no default to
    /// inherit: a resume repeats <c>--metric</c>. A study whose runs stored none was run with the study's own metric.
    /// </summary>
    private void CheckMetric(IStorage storage)
    {
        if (!request.Definition.Inputs.HasFlag(StudyInputs.Metric) || storage.FindStudy(request.StudyName) is not { } stored
            || RunHistory.Last(stored.UserAttrs) is not { } last)
            return;
        var before = last["metric"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (string.Equals(request.Metric, before, StringComparison.OrdinalIgnoreCase))
            return;
        var asked = request.Metric is { } metric ? $"--metric {metric}" : "no --metric";
        throw LauncherException.Usage(before is { } kept
            ? $"invalid {asked}: study '{Format.Name(request.StudyName)}' was run with --metric {kept}; resume it with --metric {kept}, or pass --name to start another study"
            : $"invalid {asked}: study '{Format.Name(request.StudyName)}' was run with the study's own metric; resume it without --metric, or pass --name to start another study");
    }

    /// <summary>
    /// The study's artifact store: needed by a study that keeps its models, else used when given or already there.
    /// A PostgreSQL database has no folder beside it: such a study without one is refused before anything is stored.
    /// </summary>
    private IArtifactStore? ArtifactStore(IStorage storage)
    {
        var folder = ArtifactLocation.Folder(request.StoragePath, storage.FindStudy(request.StudyName), request.Artifacts);
        if (folder is null)
            return request.Definition.KeepsArtifacts
                ? throw LauncherException.Usage(
                    $"study '{Format.Name(request.StudyName)}' keeps its trained models, and a PostgreSQL database has no folder beside it: " +
                    "pass --artifacts DIR once, a folder every worker reaches (the study records it)")
                : null;
        return request.Definition.KeepsArtifacts || request.Artifacts is not null || Directory.Exists(folder) ? ArtifactLocation.Open(folder) : null;
    }

    private Study OpenStudy(IStorage storage, StudyPipeline pipeline, IArtifactStore? artifacts)
    {
        Study study;
        try
        {
            study = Study.CreateOrLoad(request.StudyName, new StudyOptions
            {
                Storage = storage,
                Logger = new StderrLogger(terminal.Error),
                Directions = request.Definition.DirectionsOf(request.Metric),
                // The study's total, for all workers sharing the storage: none starts a trial past it. A confirmation's
                // repeats are beyond it.
                MaxTrials = request.Trials + (storage.FindStudy(request.StudyName) is null ? 0 : TrialBudget.UsedByRepeats(storage.GetAllTrials(request.StudyName))),
                // The study seed: each trial's training seed derives from it and the trial's configuration.
                Seed = request.Seed,
                // Each trial draws from the seed and its number: a resumed run goes on where it stopped, and workers
                // sharing a database, started together on the same history, draw differently.
                Sampler = pipeline.WrapSampler(SamplerRegistry.Create(request.Sampler, request.Seed, request.Definition.SearchSpace)),
                Pruner = PrunerRegistry.Create(request.Pruner, request.Epochs),
                // A trial whose process was killed or interrupted is failed and its configuration evaluated again.
                RetryFailedTrials = true,
                Artifacts = artifacts,
                KeepArtifacts = request.KeepArtifacts,
                Intensification = request.Intensify is { } runs ? new IntensificationOptions { MaxRuns = runs } : null,
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
            throw LauncherException.Usage($"cannot warm-start from '{Format.Name(request.WarmStart)}': {Format.Reason(e)}");
        }
        ReportRecovered(study);
        return study;
    }

    /// <summary>Fails the trials a killed run left Running (retrying their configurations) and says what it did.</summary>
    private void ReportRecovered(Study study)
    {
        foreach (var (trial, retry) in study.RecoverAbandonedTrials())
            terminal.Output.WriteLine(retry is not null
                ? $"Trial {trial.Number} of an interrupted run was marked failed; its configuration will be evaluated again (trial {retry.Number})."
                : $"Trial {trial.Number} of an interrupted run was marked failed; failed {study.Options.MaxRetries + 1} times; not retried (MaxRetries {study.Options.MaxRetries}).");
    }

    /// <summary>Stores this run's settings: the latest ones as attributes, and an entry in the run history.</summary>
    private void RecordSettings(Study study, DateTime started)
    {
        if (request.WarmStart is not null && SamplerRegistry.Names.Parse(request.Sampler) is not (SamplerKind.Gp or SamplerKind.CmaEs or SamplerKind.Auto))
            terminal.Error.WriteLine(request.WarmStart == "auto"
                ? $"metaopt: note: only the gp, cmaes and auto samplers learn from --warm-start's studies; the {request.Sampler} sampler only starts with the configurations they predict"
                : $"metaopt: note: only the gp, cmaes and auto samplers learn from --warm-start; the {request.Sampler} sampler ignores it");
        var entry = RunHistory.Entry(request, started);
        if (study.Trials.Count > 0)
            foreach (var change in RunHistory.Changes(study.UserAttrs, entry))
                terminal.Error.WriteLine($"metaopt: note: {change}");
        study.SetUserAttr(RunHistory.Key, RunHistory.Append(study.UserAttrs, entry));
        study.SetUserAttr(SettingAttrs.Definition, request.Definition.Name);
        study.SetUserAttr(SettingAttrs.Description, request.Definition.Description);
        study.SetUserAttr(SettingAttrs.Sampler, request.Sampler);
        study.SetUserAttr(SettingAttrs.Pruner, request.Pruner);
        study.SetUserAttr(SettingAttrs.Data, request.DataDirectory ?? "none");
        if (request.Definition.Inputs.HasFlag(StudyInputs.Device))
            study.SetUserAttr(SettingAttrs.Device, request.Device);
        if (request.Definition.Inputs.HasFlag(StudyInputs.Epochs))
            study.SetUserAttr(SettingAttrs.Epochs, request.Epochs);
        study.SetUserAttr(SettingAttrs.Seed, request.Seed);
        study.SetUserAttr(SettingAttrs.Trials, request.Trials);
        study.SetUserAttr(TrialAttributes.Version, BuildInfo.Version);
        study.SetUserAttr(TrialAttributes.Commit, BuildInfo.Commit);
    }

    private StopReason Optimize(Study study, StudyPipeline pipeline, int total, int finished, int toRun)
    {
        // The workers and the display (whose clock times the trials) start once the baselines are stored.
        TrialProcessPool? workers = null;
        ProgressDisplay? display = null;
        try
        {
            return pipeline.Run(study, new StudyPipelineRun
            {
                Trials = toRun,
                Timeout = request.Timeout,
                Parallelism = request.Parallelism,
                Devices = request.Devices,
                Callbacks = [(_, trial) => display!.TrialFinished(trial)],
                // The command's signal handler cancels the token, for SIGTERM as for Ctrl+C.
                CancellationToken = interruption.Token,
                AttributesStored = () =>
                {
                    // The workers are this launcher in worker mode; the study, its sampler and pruner stay in this process.
                    workers = request.Isolation is { } limits ? new TrialProcessPool(WorkerProcess.For(request, limits, Threads)) : null;
                    var progress = new RunProgress(study, total, finished, request.Epochs, request.Parallelism, request.Timeout);
                    display = terminal.Interactive
                        ? new LiveProgressDisplay(progress, terminal.Console, DescribeSettings())
                        : new PlainProgressDisplay(progress, terminal.Output);
                },
                Evaluate = objective =>
                {
                    Func<Trial, IReadOnlyList<double>> evaluate = workers is null ? objective : workers.EvaluateObjectives;
                    return trial =>
                    {
                        display!.TrialStarted(trial.Number, trial.Device);
                        return evaluate(trial);
                    };
                },
                Drive = optimize => display!.Show(Task.Run(optimize)),
            });
        }
        catch (OperationCanceledException) when (interruption.Requested && display is null)
        {
            throw interruption.Stopped($"the baselines were not stored; {study.Trials.Count} trials are stored in '{StorageLocation.Describe(request.StoragePath)}': {Resume}");
        }
        finally
        {
            workers?.Dispose();
        }
    }

    /// <summary>The intra-op threads of each trial: the cores shared among the trials running at once.</summary>
    private int Threads => Math.Max(1, Environment.ProcessorCount / request.Parallelism);

    private void WriteReport(Study study)
    {
        if (request.ReportDirectory is not { } directory)
            return;
        ReportWriter.Write(study, [], directory, terminal.Output, interruption,
            $"the trials are stored in '{StorageLocation.Describe(request.StoragePath)}': {Resume}");
    }

    private string DescribeSettings() =>
        $"sampler {request.Sampler}, pruner {request.Pruner}" +
        (request.Definition.Inputs.HasFlag(StudyInputs.Device) ? $", device {request.Device}" : "") +
        $", seed {request.Seed}" +
        (request.Parallelism > 1 ? $", {request.Parallelism} in parallel" : "") +
        (request.Isolation is not null ? ", each trial in a worker process" : "");

    private void WriteSummary(Study study)
    {
        var trials = study.Trials;
        var count = (TrialState state) => trials.Count(t => t.State == state);
        // Running (other workers') and waiting (enqueued, retried) trials too when there are any, so the counts add up.
        var unfinished = string.Concat(new[] { TrialState.Running, TrialState.Waiting }
            .Where(state => count(state) > 0)
            .Select(state => $", {count(state)} {state.ToString().ToLowerInvariant()}"));
        terminal.Output.WriteLine(
            $"Study '{Format.Name(study.Name)}': {trials.Count} trials ({count(TrialState.Complete)} complete, {count(TrialState.Pruned)} pruned, " +
            $"{count(TrialState.Failed)} failed{unfinished}) in '{StorageLocation.Describe(request.StoragePath)}'.");
        var complete = study.GetTrials(TrialState.Complete);
        if (complete.Count == 0)
        {
            if (trials.LastOrDefault(t => t.State == TrialState.Failed) is { } failed)
                terminal.Output.WriteLine($"No trial completed; the last failure: {Format.FirstLine(failed.FailReason)}");
            return;
        }
        if (study.IsMultiObjective)
        {
            var front = study.BestTrials;
            terminal.Output.WriteLine(
                $"Pareto front ({Format.Directions(study.Directions)}): {front.Count} trials ({string.Join(", ", front.Select(t => "#" + t.Number.ToString(CultureInfo.InvariantCulture)))}); 'metaopt best' lists them.");
            return;
        }
        // Once configurations have several runs, the winner is named as 'best' names it (the best mean, or an
        // intensifying study's incumbent), not by the luckiest single draw.
        if (ConfigurationResult.Winner(study.Configurations) is { Repeats: > 1 } winner)
        {
            terminal.Output.WriteLine(ConfirmationText.WinnerLine(winner));
            var intensified = trials.Count(t => t.SystemAttrs.ContainsKey(Study.IntensifyAttr));
            if (intensified > 0)
                terminal.Output.WriteLine($"{intensified} trials were intensification's repeats.");
            return;
        }
        var best = study.BestTrial;
        terminal.Output.WriteLine($"Best value {Format.Value(best.Value)} (trial {best.Number}): {Format.Params(best.Params)}");
    }
}
