using System.CommandLine;
using System.Text;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Best;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Export;

/// <summary><c>metaopt export &lt;study&gt; --format csv|json</c>: every trial, for analysis elsewhere.</summary>
internal sealed class ExportCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _format = TextOptions.Choice("--format", "Output format", ["csv", "json"]);

    private readonly Option<string> _out = new("--out")
    {
        Description = "Write to this file instead of standard output.",
        HelpName = "FILE",
    };

    public ExportCommand() : base("export", "Export the trials of a study as CSV (one row per trial) or JSON (everything).")
    {
        this.WithExamples("metaopt export functions-branin --format csv --out trials.csv");
        _format.Required = true;
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_format);
        Options.Add(_out);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var study = StorageFile.LoadStudy(storage, parse.GetRequiredValue(_study), path);
            var text = parse.GetRequiredValue(_format) == "csv" ? TrialCsv.Write(study.Trials) : Json(study);
            if (parse.GetValue(_out) is { } file)
            {
                WriteWhole(file, text);
                parse.InvocationConfiguration.Output.WriteLine($"Wrote {study.Trials.Count} trials of '{Format.Name(study.Name)}' to {file}");
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(text);
            }
            return ExitCodes.Ok;
        });
    }

    /// <summary>Writes a sibling file, then renames it over <paramref name="file"/>: a kill never leaves half an export.</summary>
    private static void WriteWhole(string file, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, $".{Path.GetFileName(file)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
            throw LauncherException.Failure($"cannot write '{file}': {Format.Reason(e)} Pass --out with a writable file.", e);
        }
    }

    private static string Json(Study study)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, OutputFormat.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("study", study.Name);
            OutputFormat.WriteDirections(json, study.Directions);
            TrialJson.WriteMap(json, "user_attrs", study.UserAttrs);
            json.WriteStartArray("trials");
            foreach (var trial in study.Trials)
                TrialJson.Write(json, trial);
            json.WriteEndArray();
            // A multi-objective study ranks no configuration by one mean: its Pareto front's trial numbers instead.
            if (study.IsMultiObjective)
            {
                json.WriteStartArray("pareto_front");
                foreach (var trial in study.BestTrials)
                    json.WriteNumberValue(trial.Number);
                json.WriteEndArray();
            }
            else
            {
                ConfigurationJson.Write(json, study);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }
}
