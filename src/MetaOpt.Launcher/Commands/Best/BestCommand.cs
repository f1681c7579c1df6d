using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary><c>metaopt best &lt;study&gt;</c>: the best trial's configuration and results as JSON.</summary>
internal sealed class BestCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    private readonly Option<string> _exportModel = new("--export-model")
    {
        Description = "Also copy the best trial's kept artifacts (its model) into DIR, a new or empty folder, with a manifest.json listing them.",
        HelpName = "DIR",
    };

    public BestCommand() : base("best", "Print the best configuration of a study as JSON.")
    {
        this.WithExamples("metaopt best functions-branin", "metaopt best synthetic-cold-start --export-model best-model");
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_exportModel);
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
            if (parse.GetValue(_exportModel) is { } folder)
                ExportModel(path, storage, study, best, folder);
            OutputFormat.WriteJson(parse.InvocationConfiguration.Output, json =>
            {
                json.WriteStartObject();
                json.WriteString("study", study.Name);
                json.WriteString("direction", study.Direction.ToString().ToLowerInvariant());
                json.WriteNumber("trial", best.Number);
                json.WriteNumber("value", best.Value!.Value);
                TrialJson.WriteMap(json, "params", best.Params);
                TrialJson.WriteMap(json, "user_attrs", best.UserAttrs);
                ArtifactManifestJson.WriteArtifacts(json, best.Artifacts);
                BaselineComparisonJson.Write(json, comparison);
                ConfigurationJson.Write(json, study);
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
    }

    /// <summary>Copies the best trial's artifacts and their manifest; refused before writing anything when there are none to copy or the folder holds files.</summary>
    private static void ExportModel(string path, IStorage storage, Study study, FrozenTrial best, string folder)
    {
        var name = Format.Name(study.Name);
        if (best.Artifacts.Count == 0)
            throw LauncherException.Failure($"trial {best.Number} of study '{name}', its best, kept no artifacts: its study saves no model, or ran before models were kept");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw LauncherException.Usage($"invalid --export-model '{folder}': the folder is not empty; name a new or empty folder");
        var store = ArtifactLocation.Existing(path, storage.FindStudy(study.Name))
            ?? throw LauncherException.Failure($"the artifact folder of study '{name}' ({ArtifactLocation.Folder(path, storage.FindStudy(study.Name), null) ?? "none recorded"}) does not exist: the models were not copied with the storage");
        try
        {
            StudyArtifacts.Export(store, study.Name, best, folder);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Failure($"cannot export the model of trial {best.Number} of study '{name}': {Format.Reason(e)}", e);
        }
    }
}
