using System.CommandLine;
using System.Globalization;
using System.Net;
using MetaOpt.Dashboard;
using MetaOpt.Execution;
using MetaOpt.Hosting;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary><c>metaopt run &lt;study&gt;</c>: runs a study defined in code, or resumes it where it stopped.</summary>
internal sealed class RunCommand : Command
{
    // Far more workers than cores only slows each trial down; the bound keeps a typo from starting a million threads.
    private const int MaxParallelism = 256;

    // Beyond this many seeds per configuration intensification is a confirmation, which --confirm does better.
    private const int MaxIntensifyRuns = 100;

    private readonly Argument<string> _study = new("study")
    {
        Description = "The study definition to run (see 'metaopt studies').",
    };

    private readonly Option<int?> _trials = NumberOptions.OptionalWhole("--trials",
        "Finished trials (complete, pruned, or failed and not retried) the study should have; a resumed study runs only the missing ones. Default: the study's own.",
        1, int.MaxValue);

    private readonly Option<TimeSpan?> _timeout = CommonOptions.Duration("--timeout", "Start no new trial after this long; running trials finish.");

    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _studies = CommonOptions.Studies();
    private readonly Option<string> _sampler = CommonOptions.Named("--sampler", "Sampler; default: the study's own", SamplerRegistry.Names);
    private readonly Option<string> _pruner = CommonOptions.Named("--pruner", "Pruner; default: the study's own", PrunerRegistry.Names);

    private readonly Option<int?> _parallel = NumberOptions.OptionalWhole("--parallel",
        "Trials evaluated at once; the CPU threads are shared among them. Default: 1, or the number of device slots with --devices.",
        1, MaxParallelism, "K");

    private readonly Option<string> _device = TextOptions.Device();

    private readonly Option<string> _devices = new("--devices")
    {
        Description = "Device slots to place trials on, each running trial holding one: cpu, cpu*N, cuda, cuda:N or cuda:all, separated by commas.",
        HelpName = "LIST",
    };

    private readonly Option<string> _trialsPerDevice = new("--trials-per-device")
    {
        Description = "Trials that share each device of --devices at once (default 1); auto: as many per GPU as its free memory "
                      + "and utilisation allow, from a probe of the first trial, re-chosen as trials finish.",
        HelpName = "K|auto",
    };
    private readonly Option<string> _data = TextOptions.DataDirectory();

    private readonly Option<string> _isolation = TextOptions.Choice("--isolation",
        "Where trials run: threads of this process (cheap objectives), or a worker process each, which a crash, a hang or a memory blow-up fails alone",
        IsolationChoice.Names, IsolationChoice.Thread);

    private readonly Option<TimeSpan?> _trialTimeout = CommonOptions.Duration("--trial-timeout",
        "With --isolation process: kill a trial's process tree and fail the trial after this long.");

    private readonly Option<long?> _trialMemory = CommonOptions.Parsed<long>("--trial-memory",
        "With --isolation process: the memory one trial's process may take (200M, 8G); beyond it the trial fails.",
        "size", SizeParser.TryParse, SizeParser.Allowed);

    private readonly Option<int?> _trialRecycle = NumberOptions.OptionalWhole("--trial-recycle",
        "With --isolation process: replace each worker process by a fresh one after N trials (default: only after a failure).", 1, int.MaxValue);

    private readonly Option<string> _artifacts = new("--artifacts")
    {
        Description = "The folder where trials keep their models (default: FILE.artifacts beside a LiteDB file; for PostgreSQL give it once, a folder every worker reaches, and the study records it).",
        HelpName = "DIR",
    };

    private readonly Option<int?> _keepModels = new("--keep-models")
    {
        Description = "Which finished trials keep their models: top-K (the K best complete trials), all or none (default top-5).",
        HelpName = "top-K|all|none",
        DefaultValueFactory = _ => ArtifactKeepPolicy.Default.Top,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (text == "all")
                return null;
            if (text == "none")
                return 0;
            if (text.StartsWith("top-", StringComparison.Ordinal) && int.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top >= 1)
                return top;
            result.AddError($"invalid --keep-models '{text}': use top-K with K of 1 or more (top-5), all or none");
            return null;
        },
    };

    private readonly Option<long?> _keepSize = CommonOptions.Parsed<long>("--keep-size",
        "The most disk the kept models may take together (500M, 20G); the worst kept trials let go of theirs beyond it.",
        "size", text => SizeParser.TryParse(text, 1), SizeParser.AllowedAnySize);

    private readonly Option<int> _seed = NumberOptions.Seed("Seed of the sampler, and the study seed each trial's training seed derives from.");

    private readonly Option<int?> _epochs = NumberOptions.OptionalWhole("--epochs",
        "Epochs of a full trial, instead of the study's own (for quick tries).", 1, CommonOptions.MaxEpochs);

    private readonly Option<int> _folds = NumberOptions.Whole("--folds",
        "Validate each trial on K disjoint folds of the users and return the mean (small data; see docs/recommender.md).", 1, 1000, 1, "K");

    private readonly Option<string> _subset = CommonOptions.DataSubset();

    private readonly Option<string> _metric = new("--metric")
    {
        Description = "What the objective measures, for studies that offer a choice (the recommender's: mae, rmse, hr@K, recall@K, ndcg@K; the cost studies' also seconds or params as the second objective, as in ndcg@10,params); the direction follows it. Default: the study's own.",
        HelpName = "NAME",
    };

    private readonly Option<string> _teacherModel = new("--teacher-model")
    {
        Description = "A model folder exported by 'metaopt best --export-model' to distil from, instead of training the teacher (distillation studies; the same data).",
        HelpName = "DIR",
    };

    private readonly Option<(int Top, int Repeats)?> _confirm = new("--confirm")
    {
        Description = "Once the search is done, re-run the K best distinct configurations with R more seeds each (see docs/noise.md).",
        HelpName = "K,R",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            var parts = text.Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top >= 1
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var repeats) && repeats >= 1)
                return (top, repeats);
            result.AddError($"invalid --confirm '{text}': use K,R, the configurations to confirm and the repeats of each, both whole numbers from 1 (such as 5,4)");
            return null;
        },
    };

    private readonly Option<int?> _intensify = new("--intensify")
    {
        Description = "Intensify during the search (SMAC's rule): a configuration that beats the incumbent is re-run on the incumbent's seeds before it replaces it; "
                      + "the incumbent gets up to N seeds (default 3). Its repeats count toward --trials (see docs/noise.md).",
        HelpName = "N",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return new IntensificationOptions().MaxRuns;
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 2 and <= MaxIntensifyRuns)
                return runs;
            result.AddError($"invalid --intensify '{text}': use a whole number from 2 to {MaxIntensifyRuns}, the incumbent's most runs (or no value for 3)");
            return null;
        },
    };

    private readonly Option<int?> _ensemble = NumberOptions.OptionalWhole("--ensemble",
        "Once the search is done, combine the K best kept models by Caruana's ensemble selection and store how it compares with the best trial (studies that keep models; see docs/strategy.md).",
        2, 1000, "K");

    private readonly Option<string> _name = new("--name")
    {
        Description = "Store the run under this study name instead of the definition's (to compare samplers, say).",
        HelpName = "NAME",
    };

    private readonly Option<string> _warmStart = new("--warm-start")
    {
        Description = "Seed the sampler with the trials of another stored study, or 'auto' to pick the closest one.",
        HelpName = "study|auto",
    };

    private readonly Option<string> _report = new("--report")
    {
        Description = "Write the convergence report to this directory when the run ends.",
        HelpName = "DIR",
    };

    private readonly Option<int?> _dashboard = new("--dashboard")
    {
        Description = $"Serve the live dashboard of the running study on 127.0.0.1:PORT (default {DashboardOptions.DefaultPort}; 0 for any free port); reads need no second process.",
        HelpName = "PORT",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return DashboardOptions.DefaultPort;
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort)
                return port;
            result.AddError($"invalid --dashboard '{text}': use a port from 0 to {IPEndPoint.MaxPort}");
            return null;
        },
    };

    private readonly Interruption _interruption;

    public RunCommand(Interruption interruption) : base("run", "Run a study, or resume it with the same command after an interruption.")
    {
        this.WithExamples("metaopt run functions-branin --trials 40", "metaopt run synthetic-cold-start --trials 3 --epochs 1 --keep-models top-2");
        _interruption = interruption;
        Arguments.Add(_study);
        foreach (var option in new Option[]
                 {
                     _trials, _timeout, _storage, _studies, _sampler, _pruner, _parallel, _device, _devices, _trialsPerDevice, _data, _subset, _seed,
                     _epochs, _folds, _metric, _teacherModel, _confirm, _intensify, _ensemble, _name, _warmStart, _report, _dashboard, _isolation, _trialTimeout, _trialMemory, _trialRecycle,
                     _artifacts, _keepModels, _keepSize,
                 })
            Options.Add(option);
        _name.Validators.Add(result =>
        {
            if (CommonOptions.StudyNameProblem("--name", result.GetValueOrDefault<string>()) is { } problem)
                result.AddError(problem);
        });
        _warmStart.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is var source and not "auto" && CommonOptions.StudyNameProblem("--warm-start", source) is { } problem)
                result.AddError(problem);
        });
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        // The study is looked up once the user's studies are loaded, so the name can be one of theirs.
        var definition = StudySet.Load(StudiesLocation.Resolve(parse.GetValue(_studies), parse.GetRequiredValue(_storage)), parse.InvocationConfiguration.Error)
            .Find(parse.GetRequiredValue(_study));
        // Checked here rather than in a command validator: reading a value there skips the argument's own validation.
        if (definition.Data != DataRequirement.None && parse.GetValue(_data) is null)
            throw LauncherException.Usage($"study '{definition.Name}' needs {definition.Data.Name} data: pass --data DIR ({definition.Data.Directory})");
        var terminal = Terminal.For(parse);
        NoteIgnored(parse, definition, terminal);
        var uses = (StudyInputs input) => definition.Inputs.HasFlag(input);
        var devices = ParseDevices(parse, definition, terminal);
        var processes = parse.GetRequiredValue(_isolation) == IsolationChoice.Process;
        foreach (var limit in new Option[] { _trialTimeout, _trialMemory, _trialRecycle })
            if (!processes && parse.GetResult(limit) is { Implicit: false })
                throw LauncherException.Usage($"{limit.Name} needs --isolation process: a trial running as a thread cannot be stopped or capped alone");
        var metric = uses(StudyInputs.Metric) ? parse.GetValue(_metric) : null;
        try
        {
            definition.DirectionsOf(metric);
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage($"invalid --metric '{metric}': {Format.Reason(e)}");
        }
        var request = new RunRequest
        {
            Definition = definition,
            StudyName = parse.GetValue(_name) ?? definition.Name,
            StoragePath = parse.GetRequiredValue(_storage),
            Trials = parse.GetValue(_trials) ?? definition.DefaultTrialCount,
            Timeout = parse.GetValue(_timeout),
            Sampler = parse.GetValue(_sampler) ?? SamplerRegistry.Names.NameOf(definition.DefaultSampler),
            Pruner = parse.GetValue(_pruner) ?? PrunerRegistry.Names.NameOf(definition.DefaultPruner),
            Parallelism = parse.GetValue(_parallel) ?? devices?.Slots.Count ?? 1,
            Device = !uses(StudyInputs.Device) ? "cpu" : parse.GetValue(_devices) ?? parse.GetRequiredValue(_device),
            Devices = devices,
            DataDirectory = definition.Data != DataRequirement.None && parse.GetValue(_data) is { } data ? Path.GetFullPath(data) : null,
            DataSubset = uses(StudyInputs.DataSubset) ? parse.GetValue(_subset) : null,
            Seed = parse.GetValue(_seed),
            Epochs = uses(StudyInputs.Epochs) ? parse.GetValue(_epochs) ?? definition.Epochs : definition.Epochs,
            Folds = uses(StudyInputs.Folds) ? parse.GetValue(_folds) : 1,
            Metric = metric,
            TeacherModel = uses(StudyInputs.TeacherModel) && parse.GetValue(_teacherModel) is { } teacher ? Path.GetFullPath(teacher) : null,
            WarmStart = parse.GetValue(_warmStart),
            Confirm = parse.GetValue(_confirm),
            Intensify = parse.GetValue(_intensify),
            Ensemble = parse.GetValue(_ensemble),
            ReportDirectory = parse.GetValue(_report),
            DashboardPort = parse.GetValue(_dashboard),
            Artifacts = parse.GetValue(_artifacts),
            KeepArtifacts = new ArtifactKeepPolicy { Top = parse.GetValue(_keepModels), MaxBytes = parse.GetValue(_keepSize) },
            Isolation = processes
                ? new TrialLimits(parse.GetValue(_trialTimeout), parse.GetValue(_trialMemory), parse.GetValue(_trialRecycle))
                : null,
        };
        return new StudyRun(request, terminal, _interruption).Execute();
    }

    /// <summary>
    /// The device slots of <c>--devices</c>, checked against this machine's GPUs before anything is stored; null
    /// without the option or for a study that trains nothing (it is checked all the same).
    /// </summary>
    private DeviceSlots? ParseDevices(ParseResult parse, IStudyDefinition definition, Terminal terminal)
    {
        var spec = parse.GetValue(_devices);
        var perDevice = parse.GetValue(_trialsPerDevice);
        if (spec is null)
            return perDevice is null ? null : throw LauncherException.Usage("--trials-per-device needs --devices: pass the devices the trials share");
        if (parse.GetResult(_device) is { Implicit: false })
            throw LauncherException.Usage($"--device and --devices both given: use --devices '{spec}' alone (one slot per trial)");
        var auto = perDevice == "auto";
        var count = 1;
        if (perDevice is not null && !auto
            && !(int.TryParse(perDevice, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxParallelism))
            throw LauncherException.Usage($"invalid --trials-per-device '{perDevice}': use a whole number 1 to {MaxParallelism}, or auto");
        DeviceSlots slots;
        try
        {
            slots = auto
                ? DeviceSlots.Packed(spec, new NvidiaGpuProbe(), new NvidiaDeviceMonitor())
                : DeviceSlots.Parse(spec, count, new NvidiaGpuProbe());
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage($"invalid --devices '{spec}': {Format.Reason(e)}");
        }
        if (!definition.Inputs.HasFlag(StudyInputs.Device))
            return null;
        if (auto && !slots.Slots.Any(d => d.StartsWith("cuda", StringComparison.Ordinal)))
            terminal.Output.WriteLine("--trials-per-device auto: no GPU among --devices, so one trial per device, as --trials-per-device 1.");
        else if (auto)
        {
            terminal.Output.WriteLine(
                $"--trials-per-device auto: one trial per GPU until its memory and utilisation are read, then up to {DeviceSlots.MaxPackedPerDevice}.");
            slots.PackingChanged += decision => terminal.Output.WriteLine(PackingLine(decision));
        }
        return slots;
    }

    internal static string PackingLine(PackingDecision decision) => string.Create(CultureInfo.InvariantCulture,
        $"{decision.Device}: {decision.TrialsPerDevice} trial(s) at once (one trial holds {decision.TrialBytes / (1024.0 * 1024):F0} MiB of "
        + $"{decision.FreeAtStartBytes / (1024.0 * 1024):F0} MiB free at the start and gives {decision.TrialUtilisation:F0}% utilisation; "
        + $"read with {decision.Running} running).");

    /// <summary>One note per option given to a study that does not read it: it runs, and says the value had no effect.</summary>
    private void NoteIgnored(ParseResult parse, IStudyDefinition definition, Terminal terminal)
    {
        var ignored = new List<Option>();
        if (definition.Data == DataRequirement.None)
            ignored.Add(_data);
        if (!definition.Inputs.HasFlag(StudyInputs.Device))
            ignored.AddRange([_device, _devices, _trialsPerDevice]);
        if (!definition.Inputs.HasFlag(StudyInputs.Epochs))
            ignored.Add(_epochs);
        if (!definition.Inputs.HasFlag(StudyInputs.Folds))
            ignored.Add(_folds);
        if (!definition.Inputs.HasFlag(StudyInputs.Metric))
            ignored.Add(_metric);
        if (!definition.Inputs.HasFlag(StudyInputs.TeacherModel))
            ignored.Add(_teacherModel);
        if (!definition.Inputs.HasFlag(StudyInputs.DataSubset))
            ignored.Add(_subset);
        foreach (var option in ignored.Where(o => parse.GetResult(o) is { Implicit: false }))
            terminal.Error.WriteLine($"metaopt: note: study '{definition.Name}' does not use {option.Name}; it is ignored");
    }
}
