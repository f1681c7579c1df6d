using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary><c>metaopt best &lt;study&gt;</c>: the best trial's configuration and results as JSON.</summary>
internal sealed class BestCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    public BestCommand() : base("best", "Print the best configuration of a study as JSON.")
    {
        this.WithExamples("metaopt best functions-branin");
        Arguments.Add(_study);
        Options.Add(_storage);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var study = StorageFile.LoadStudy(storage, parse.GetRequiredValue(_study), path);
            if (study.GetTrials(TrialState.Complete).Count == 0)
                throw LauncherException.Failure($"study '{Format.Name(study.Name)}' has no completed trial yet: run it first with 'metaopt run'");
            var best = study.BestTrial;
            BaselineComparison comparison;
            try
            {
                comparison = BaselineComparison.Of(StudySnapshot.Of(study), new ReportOptions())!;
            }
            catch (InvalidDataException e)
            {
                throw LauncherException.Failure($"study '{Format.Name(study.Name)}' cannot be compared with its baselines: {e.Message}", e);
            }
            OutputFormat.WriteJson(parse.InvocationConfiguration.Output, json =>
            {
                json.WriteStartObject();
                json.WriteString("study", study.Name);
                json.WriteString("direction", study.Direction.ToString().ToLowerInvariant());
                json.WriteNumber("trial", best.Number);
                json.WriteNumber("value", best.Value!.Value);
                TrialJson.WriteMap(json, "params", best.Params);
                TrialJson.WriteMap(json, "user_attrs", best.UserAttrs);
                BaselineComparisonJson.Write(json, comparison);
                ConfigurationJson.Write(json, study);
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
    }
}
