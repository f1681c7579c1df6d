using System.CommandLine;
using MetaOpt.Hosting;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Worker;

/// <summary>
/// <c>metaopt worker &lt;study&gt;</c> (hidden): a worker process of <c>metaopt run --isolation process</c>. It
/// resolves the study as the run did, prepares it with the run's settings and serves trials to the parent.
/// </summary>
internal sealed class WorkerCommand : Command
{
    public const string Verb = "worker";
    public const string StudiesOption = "--studies";
    public const string DataOption = "--data";
    public const string DeviceOption = "--device";
    public const string SeedOption = "--seed";
    public const string EpochsOption = "--epochs";
    public const string ThreadsOption = "--threads";
    public const string FoldsOption = "--folds";
    public const string MetricOption = "--metric";
    public const string TeacherModelOption = "--teacher-model";
    public const string SubsetOption = "--subset";

    private readonly Argument<string> _study = new("study");
    private readonly Option<string> _studies = new(StudiesOption);
    private readonly Option<string> _data = new(DataOption);
    private readonly Option<string> _device = new(DeviceOption) { DefaultValueFactory = _ => "cpu" };
    private readonly Option<int> _seed = NumberOptions.Whole(SeedOption, "The run's seed.", 0, int.MaxValue, 0);
    private readonly Option<int> _epochs = NumberOptions.Whole(EpochsOption, "Epochs of a full trial.", 0, CommonOptions.MaxEpochs, 0);
    private readonly Option<int> _folds = NumberOptions.Whole(FoldsOption, "Validation folds of a trial.", 1, int.MaxValue, 1);
    private readonly Option<string> _metric = new(MetricOption);
    private readonly Option<string> _teacherModel = new(TeacherModelOption);
    private readonly Option<string> _subset = new(SubsetOption);
    private readonly Option<int> _threads = NumberOptions.Whole(ThreadsOption, "Intra-op threads of a trial.", 1, 4096, 1);

    public WorkerCommand() : base(Verb, "Serve the trials of 'metaopt run --isolation process' (started by it, not by hand).")
    {
        Hidden = true;
        Arguments.Add(_study);
        foreach (var option in new Option[] { _studies, _data, _subset, _device, _seed, _epochs, _folds, _metric, _teacherModel, _threads })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        if (!TrialWorker.IsWorker)
            throw LauncherException.Usage($"'metaopt {Verb}' is started by 'metaopt run --isolation process', not by hand");
        // Connected first: from here on the worker dies with its parent, even while it loads data.
        using var worker = TrialWorker.Connect();
        var definition = StudySet.Load(parse.GetValue(_studies), TextWriter.Null).Find(parse.GetRequiredValue(_study));
        var prepared = definition.Prepare(new StudyRunContext
        {
            DataDirectory = parse.GetValue(_data),
            DataSubset = parse.GetValue(_subset),
            Device = worker.Device ?? parse.GetRequiredValue(_device),
            Seed = parse.GetValue(_seed),
            Epochs = parse.GetValue(_epochs),
            Folds = parse.GetValue(_folds),
            Metric = parse.GetValue(_metric),
            TeacherModel = parse.GetValue(_teacherModel),
            Threads = parse.GetValue(_threads),
        });
        return prepared.Objectives is { } objectives ? worker.Serve(objectives) : worker.Serve(prepared.Objective);
    }
}
