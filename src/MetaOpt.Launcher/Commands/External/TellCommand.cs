using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.External;

/// <summary><c>metaopt tell &lt;study&gt; &lt;trial&gt;</c>: finishes a trial that <c>ask</c> started.</summary>
internal sealed class TellCommand : Command
{
    private static readonly string[] States = ["complete", "pruned", "failed"];

    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Argument<int> _trial = TrialNumber.Argument();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<IReadOnlyList<double>?> _value = TrialNumber.Values("The objective value of a complete trial; one per objective, separated by commas, in a multi-objective study.");
    private readonly Option<string> _state = TextOptions.Choice("--state",
        "How the trial ended; default complete (needs --value); a pruned trial keeps its last reported value", States);

    public TellCommand() : base("tell", "Finish a trial started with 'metaopt ask': its value, or that it was pruned or failed.")
    {
        this.WithExamples("metaopt tell quadratic 0 --value 0.25");
        Arguments.Add(_study);
        Arguments.Add(_trial);
        foreach (var option in new Option[] { _value, _state, _storage })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var value = parse.GetValue(_value);
        var state = parse.GetValue(_state) switch
        {
            "pruned" => TrialState.Pruned,
            "failed" => TrialState.Failed,
            _ => TrialState.Complete,
        };
        if (state == TrialState.Complete && value is null)
            throw LauncherException.Usage("tell needs --value V for a complete trial, or --state pruned|failed");
        if (state != TrialState.Complete && value is not null)
            throw LauncherException.Usage($"--value cannot go with --state {state.ToString().ToLowerInvariant()}: a pruned trial keeps its last reported value, a failed one has none");
        var path = parse.GetRequiredValue(_storage);
        using var storage = ExternalStudy.OpenStorage(path, create: false);
        var study = ExternalStudy.Load(storage, parse.GetRequiredValue(_study), path, parse.InvocationConfiguration.Error);
        // Checked before the trial is resumed: a wrong count stores nothing, and the trial stays running.
        if (value is not null && value.Count != study.Directions.Count)
            throw LauncherException.Usage(
                $"invalid --value '{parse.GetResult(_value)!.Tokens.Single().Value}': study '{Format.Name(study.Name)}' has {Objectives(study.Directions)}; " +
                $"give {(study.Directions.Count == 1 ? "one number" : "one number per objective, separated by commas")}");
        var trial = ExternalStudy.RunningTrial(study, parse.GetValue(_trial));
        var told = value is null ? study.Tell(trial, state) : study.Tell(trial, value);
        parse.InvocationConfiguration.Output.WriteLine($"trial {told.Number}: {Format.Outcome(told)}");
        return ExitCodes.Ok;
    }

    private static string Objectives(IReadOnlyList<Direction> directions) =>
        directions.Count == 1 ? "one objective" : $"{directions.Count} objectives ({Format.Directions(directions)})";
}
