using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.External;

/// <summary>
/// <c>metaopt report-value &lt;study&gt; &lt;trial&gt;</c>: records an intermediate value and asks the pruner; the
/// exit code is the answer (0 go on, 3 prune now), so a script can write <c>|| break</c>.
/// </summary>
internal sealed class ReportValueCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Argument<int> _trial = TrialNumber.Argument();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<int> _step = NumberOptions.Whole("--step", "The step (epoch) of the value, from 0; a step already reported keeps its first value.", 0, int.MaxValue, 0, "S");
    private readonly Option<double?> _value = TrialNumber.Value("The intermediate objective value at this step.", required: true);

    public ReportValueCommand() : base("report-value",
        $"Record an intermediate value of a trial started with 'metaopt ask' and ask the pruner: exit {ExitCodes.Ok} to go on, {ExitCodes.Prune} to prune now.")
    {
        this.WithExamples("metaopt report-value quadratic 0 --step 0 --value 0.5");
        Arguments.Add(_study);
        Arguments.Add(_trial);
        foreach (var option in new Option[] { _step, _value, _storage })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var path = parse.GetRequiredValue(_storage);
        using var storage = ExternalStudy.OpenStorage(path, create: false);
        var study = ExternalStudy.Load(storage, parse.GetRequiredValue(_study), path, parse.InvocationConfiguration.Error);
        if (study.IsMultiObjective)
            throw LauncherException.Usage(
                $"study '{Format.Name(study.Name)}' has {study.Directions.Count} objectives ({Format.Directions(study.Directions)}), and an intermediate value serves pruning, which compares one objective; tell the trial its values instead");
        var trial = ExternalStudy.RunningTrial(study, parse.GetValue(_trial));
        trial.Report(parse.GetValue(_value)!.Value, parse.GetValue(_step));
        var prune = trial.ShouldPrune();
        parse.InvocationConfiguration.Output.WriteLine(prune ? "prune" : "continue");
        return prune ? ExitCodes.Prune : ExitCodes.Ok;
    }
}
