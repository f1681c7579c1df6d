using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Best;

/// <summary>
/// <c>metaopt best &lt;study&gt;</c>: the best trial's configuration and results as JSON; for a multi-objective study,
/// its Pareto set (trial, values, parameters) as a table, or with <c>--format json</c> as a JSON array.
/// </summary>
internal sealed class BestCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    private readonly Option<string> _format = TextOptions.Choice("--format",
        "Output: a table for people, or JSON for scripts; JSON by default, a table of the Pareto set for a multi-objective study",
        [OutputFormat.Table, OutputFormat.Json]);

    private readonly Option<string> _exportModel = new("--export-model")
    {
        Description = "Also copy the best trial's kept artifacts (its model) into DIR, a new or empty folder, with a manifest.json listing them.",
        HelpName = "DIR",
    };

    public BestCommand() : base("best", "Print the best configuration of a study as JSON, or the Pareto set of a multi-objective study.")
    {
        this.WithExamples("metaopt best functions-branin", "metaopt best synthetic-cold-start --export-model best-model");
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_format);
        Options.Add(_exportModel);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var study = StorageFile.LoadStudy(storage, parse.GetRequiredValue(_study), path);
            if (study.GetTrials(TrialState.Complete).Count == 0)
                throw LauncherException.Failure($"study '{Format.Name(study.Name)}' has no completed trial yet: run it first with 'metaopt run'");
            var format = parse.GetValue(_format);
            var exportTo = parse.GetValue(_exportModel);
            if (study.IsMultiObjective)
            {
                if (exportTo is not null)
                    throw LauncherException.Usage($"invalid --export-model '{exportTo}': study '{Format.Name(study.Name)}' has several objectives and no single best trial; export is for single-objective studies");
                WriteParetoSet(Terminal.For(parse), study, format ?? OutputFormat.Table);
                return ExitCodes.Ok;
            }
            var best = study.BestTrial;
            if (exportTo is not null)
                ExportModel(path, storage, study, best, exportTo);
            StudyEnsemble? ensemble;
            try
            {
                ensemble = StudyEnsemble.Read(study.UserAttrs);
            }
            catch (InvalidDataException e)
            {
                throw LauncherException.Failure($"study '{Format.Name(study.Name)}' stores an ensemble that cannot be read: {e.Message}", e);
            }
            if (format == OutputFormat.Table)
            {
                parse.InvocationConfiguration.Output.WriteLine($"Best value {Format.Value(best.Value)} (trial {best.Number}): {Format.Params(best.Params)}");
                // The stored final stage (run --ensemble K), judged against the best trial it was built beside.
                if (ensemble is not null)
                    parse.InvocationConfiguration.Output.WriteLine(
                        $"Ensemble of the {ensemble.Members.Count} best kept models: {ensemble.Verdict} against {ensemble.Best.About} on {ensemble.ComparedOn} " +
                        $"({ensemble.Measure} {Format.Value(ensemble.Ensemble.Held)} against {Format.Value(ensemble.Best.Held)}).");
                return ExitCodes.Ok;
            }
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
                OutputFormat.WriteDirections(json, study.Directions);
                json.WriteNumber("trial", best.Number);
                json.WriteNumber("value", best.Value!.Value);
                TrialJson.WriteMap(json, "params", best.Params);
                TrialJson.WriteMap(json, "user_attrs", best.UserAttrs);
                ArtifactManifestJson.WriteArtifacts(json, best.Artifacts);
                BaselineComparisonJson.Write(json, comparison);
                ConfigurationJson.Write(json, study);
                if (ensemble is not null)
                {
                    json.WritePropertyName("ensemble");
                    json.WriteRawValue(StudyEnsembleJson.Write(ensemble));
                }
                json.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
    }

    /// <summary>The Pareto set in trial order: one row (or JSON object) per trial with its values and parameters.</summary>
    private static void WriteParetoSet(Terminal terminal, Study study, string format)
    {
        var front = study.BestTrials;
        if (format == OutputFormat.Json)
        {
            OutputFormat.WriteJson(terminal.Output, json =>
            {
                json.WriteStartArray();
                foreach (var trial in front)
                {
                    json.WriteStartObject();
                    json.WriteNumber("trial", trial.Number);
                    json.WriteStartArray("values");
                    foreach (var value in trial.Values!)
                        ValueJson.WriteDouble(json, value);
                    json.WriteEndArray();
                    TrialJson.WriteMap(json, "params", trial.Params);
                    TrialJson.WriteMap(json, "user_attrs", trial.UserAttrs);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            });
            return;
        }
        terminal.Output.WriteLine(
            $"Pareto set of '{Format.Name(study.Name)}' ({Format.Directions(study.Directions)}): {front.Count} of {study.GetTrials(TrialState.Complete).Count} complete trials.");
        var parameters = front.SelectMany(t => t.Params.Keys).Distinct().ToList();
        var table = new TextTable().Column("#", rightAligned: true);
        for (var i = 0; i < study.Directions.Count; i++)
            table.Column($"value {i.ToString(CultureInfo.InvariantCulture)}", rightAligned: true);
        for (var p = 0; p < parameters.Count; p++)
            table.Column(Format.Name(parameters[p]), rightAligned: true, dropRank: parameters.Count - p);
        foreach (var trial in front)
            table.Row([
                trial.Number.ToString(CultureInfo.InvariantCulture),
                .. trial.Values!.Select(v => Format.Value(v)),
                .. parameters.Select(p => trial.Params.TryGetValue(p, out var v) ? Format.Name(Format.Param(v)) : "-"),
            ]);
        table.Write(terminal.Output, terminal.Width);
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
