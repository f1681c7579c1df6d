using System.CommandLine;
using System.Text.Json.Nodes;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Confirm;

/// <summary>
/// <c>metaopt confirm &lt;study&gt; --top K --repeats R</c>: what <c>run --confirm K,R</c> does at the end of a run,
/// for a study already run: its K best distinct configurations re-run with R more seeds each, with the settings of
/// its last run (definition, data, device, epochs, folds, seed). Run again, it adds only the missing repeats.
/// </summary>
internal sealed class ConfirmCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _studies = CommonOptions.Studies();
    private readonly Option<int> _top = NumberOptions.Whole("--top", "How many of the best distinct configurations to confirm.", 1, 1000, 5, "K");
    private readonly Option<int> _repeats = NumberOptions.Whole("--repeats", "How many more seeds each is trained with.", 1, 1000, 4, "R");

    private readonly Option<string> _data = new("--data")
    {
        Description = "The data directory, when it moved since the study's last run; default: the one it used.",
        HelpName = "DIR",
    };

    private readonly Interruption _interruption;

    public ConfirmCommand(Interruption interruption) : base("confirm", "Re-run a study's best configurations with more seeds and say which one wins on its mean.")
    {
        this.WithExamples("metaopt confirm functions-branin --top 5 --repeats 4");
        _interruption = interruption;
        Arguments.Add(_study);
        foreach (var option in new Option[] { _storage, _studies, _top, _repeats, _data })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var path = parse.GetRequiredValue(_storage);
        var name = parse.GetRequiredValue(_study);
        StudyInfo info;
        using (var storage = StorageFile.Open(path, create: false))
            info = StorageFile.RequireStudy(storage, name, path);
        if (info.UserAttrs.GetValueOrDefault(StudyRun.SettingAttrs.Definition) is not string definitionName
            || RunHistory.Last(info.UserAttrs) is not { } last)
            throw LauncherException.Usage(
                $"study '{Format.Name(name)}' was not made by 'metaopt run', so the launcher cannot train its configurations again: " +
                "enqueue their repeats with Study.EnqueueConfirmation and evaluate them as its trials were");
        var definition = StudySet.Load(StudiesLocation.Resolve(parse.GetValue(_studies), path), parse.InvocationConfiguration.Error).Find(definitionName);
        var data = parse.GetValue(_data) ?? Text(last, "data");
        if (definition.Data != DataRequirement.None && data is null)
            throw LauncherException.Usage($"study '{definition.Name}' needs {definition.Data.Name} data: pass --data DIR ({definition.Data.Directory})");
        var request = new RunRequest
        {
            Definition = definition,
            StudyName = name,
            StoragePath = path,
            Trials = Whole(last, "trials") ?? definition.DefaultTrialCount,
            Sampler = Text(last, "sampler") ?? SamplerRegistry.Names.NameOf(definition.DefaultSampler),
            Pruner = Text(last, "pruner") ?? PrunerRegistry.Names.NameOf(definition.DefaultPruner),
            Device = Text(last, "device") ?? "cpu",
            DataDirectory = data is null ? null : Path.GetFullPath(data),
            DataSubset = Text(last, "subset"),
            Seed = Whole(last, "seed") ?? 0,
            Epochs = Whole(last, "epochs") ?? definition.Epochs,
            Folds = Whole(last, "folds") ?? 1,
            Metric = Text(last, "metric"),
            TeacherModel = Text(last, "teacher_model"),
            Confirm = (parse.GetValue(_top), parse.GetValue(_repeats)),
            ConfirmOnly = true,
        };
        return new StudyRun(request, Terminal.For(parse), _interruption).Execute();
    }

    private static string? Text(JsonObject run, string key) => run[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Whole(JsonObject run, string key) => run[key] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
